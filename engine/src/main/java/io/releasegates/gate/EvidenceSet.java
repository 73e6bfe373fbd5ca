package io.releasegates.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Digests;
import io.releasegates.report.EvidenceJson;
import io.releasegates.report.GateReport;
import io.releasegates.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything in an evidence directory: the files that could be read and, for every other {@code *.json} file, why
 * not. Unreadable files are kept as problems, never skipped, because the gate must fail closed on them.
 *
 * @param dir      the directory read
 * @param loaded   readable evidence, in file-name order
 * @param problems files that could not be used as evidence
 */
public record EvidenceSet(Path dir, List<Evidence> loaded, List<Problem> problems) {

    public EvidenceSet {
        loaded = List.copyOf(loaded);
        problems = List.copyOf(problems);
    }

    /**
     * A {@code *.json} file that is not usable evidence.
     *
     * @param ruleId  {@link GateRuleIds#EVIDENCE_UNREADABLE} or {@link GateRuleIds#EVIDENCE_SCHEMA}
     * @param message one line naming the file and the problem
     */
    public record Problem(Path file, String ruleId, String message) {
    }

    /** Reads every {@code *.json} file directly in {@code dir}; verdicts (our own output) are passed over. */
    public static EvidenceSet load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": evidence directory not found");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list evidence directory (" + e.getMessage() + ")", e);
        }
        List<Evidence> loaded = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            readOne(file, loaded, problems);
        }
        return new EvidenceSet(dir, loaded, problems);
    }

    private static void readOne(Path file, List<Evidence> loaded, List<Problem> problems) {
        byte[] bytes;
        JsonNode root;
        try {
            bytes = RegularFiles.readAllBytes(file);
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            problems.add(new Problem(file, GateRuleIds.EVIDENCE_UNREADABLE, file + ": not readable JSON ("
                    + firstLine(e.getMessage()) + ")"));
            return;
        }
        String schema = root == null ? "" : root.path("schema").asText("");
        if (VerdictJson.SCHEMA.equals(schema)) {
            return;
        }
        if (!EvidenceJson.SCHEMA.equals(schema)) {
            problems.add(new Problem(file, GateRuleIds.EVIDENCE_SCHEMA, file + ": unknown evidence schema '" + schema
                    + "' (expected " + EvidenceJson.SCHEMA + ")"));
            return;
        }
        try {
            GateReport report = EvidenceJson.read(file);
            loaded.add(new Evidence(file, Digests.sha256(bytes), report));
        } catch (IOException e) {
            problems.add(new Problem(file, GateRuleIds.EVIDENCE_UNREADABLE, firstLine(e.getMessage())));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
