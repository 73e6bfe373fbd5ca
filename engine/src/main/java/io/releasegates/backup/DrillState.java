package io.releasegates.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import io.releasegates.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Remembers, per copy, which files the restore drill already covered in the current cycle and which part of a restic
 * repository {@code check} read last, so that successive runs cover every file and every pack. It is the only file
 * verification writes, and it never lives inside a backup location (the config loader refuses that).
 */
final class DrillState {
    static final String SCHEMA = "release-gates/backup-drills/v1";

    private final Path file;
    private final Map<String, Set<String>> drilled = new TreeMap<>();
    private final Map<String, Integer> cycles = new TreeMap<>();
    private final Map<String, Integer> checkRuns = new TreeMap<>();

    private DrillState(Path file) {
        this.file = file;
    }

    /** Reads the state; a missing file is a fresh start, a damaged one is bad input naming the file. */
    static DrillState load(Path file) {
        DrillState state = new DrillState(file);
        if (file == null || !Files.exists(file)) {
            return state;
        }
        try {
            JsonNode root = Json.mapper().readTree(RegularFiles.readNamed(file));
            if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
                throw new BadInputException(file + ": not a drill state file (schema " + SCHEMA + " expected)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("copies").properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Set<String> names = new TreeSet<>();
                e.getValue().path("drilled").forEach(n -> names.add(n.asText()));
                state.drilled.put(e.getKey(), names);
                state.cycles.put(e.getKey(), e.getValue().path("cycle").asInt(1));
                state.checkRuns.put(e.getKey(), e.getValue().path("checkRuns").asInt(0));
            }
            return state;
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read drill state (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The next {@code n} files not yet drilled in this cycle (sorted order); when the cycle runs out, a new one starts
     * and fills the rest from its beginning.
     */
    List<String> pick(String copyKey, List<String> candidates, int n) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(candidates));
        Set<String> done = drilled.computeIfAbsent(copyKey, k -> new TreeSet<>());
        done.retainAll(sorted);
        List<String> picked = new ArrayList<>();
        for (String name : sorted) {
            if (picked.size() < n && !done.contains(name)) {
                picked.add(name);
            }
        }
        if (picked.size() < n) {
            // the cycle is complete: what remains of this run starts the next one
            done.clear();
            cycles.put(copyKey, cycle(copyKey) + 1);
            for (String name : sorted) {
                if (picked.size() < n && !picked.contains(name)) {
                    picked.add(name);
                    done.add(name);
                }
            }
            return List.copyOf(picked);
        }
        done.addAll(picked);
        return List.copyOf(picked);
    }

    /** Part {@code k} of {@code parts} for this run's {@code restic check --read-data-subset k/parts}. */
    String nextCheckSubset(String copyKey, int parts) {
        int run = checkRuns.merge(copyKey, 1, Integer::sum);
        return ((run - 1) % parts + 1) + "/" + parts;
    }

    int cycle(String copyKey) {
        return cycles.getOrDefault(copyKey, 1);
    }

    void save() throws IOException {
        if (file == null) {
            return;
        }
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode copies = root.putObject("copies");
        Set<String> keys = new TreeSet<>(drilled.keySet());
        keys.addAll(checkRuns.keySet());
        for (String key : keys) {
            ObjectNode c = copies.putObject(key);
            c.put("cycle", cycle(key));
            c.put("checkRuns", checkRuns.getOrDefault(key, 0));
            var names = c.putArray("drilled");
            drilled.getOrDefault(key, Set.of()).forEach(names::add);
        }
        ReportWriter.writeAtomically(file, Json.mapper().writeValueAsString(root));
    }
}
