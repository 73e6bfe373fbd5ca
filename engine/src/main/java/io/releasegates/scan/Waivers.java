package io.releasegates.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Our waiver file (YAML): each waiver names an advisory (or scan rule id), a component, why, who owns the decision
 * and until when.
 * <pre>
 * waivers:
 *   - advisory: CVE-2022-1471          # or the GHSA id, or a RG-SCAN-… rule id
 *     component: pkg:maven/org.yaml/snakeyaml   # purl with or without version, or a path glob inside the package
 *     reason: only loads our own YAML with SafeConstructor
 *     owner: team-shop
 *     expires: 2026-12-31
 * </pre>
 * An expired waiver suppresses nothing and is reported itself.
 */
final class Waivers {
    private static final Set<String> FIELDS = Set.of("advisory", "component", "reason", "owner", "expires");

    /** One waiver as written. */
    record Waiver(int index, String advisory, String component, String reason, String owner, LocalDate expires) {
        boolean applies(Finding f) {
            boolean advisoryMatches = advisory.equals(f.ruleId())
                    || Set.of(f.properties().getOrDefault("aliases", "").split(",")).contains(advisory);
            if (!advisoryMatches) {
                return false;
            }
            String purl = f.properties().getOrDefault("purl", "");
            String unversioned = purl.contains("@") ? purl.substring(0, purl.indexOf('@')) : purl;
            return component.equals(purl) || component.equals(unversioned) || component.equals(f.subject())
                    || new Globs(List.of(component)).matches(f.location()) && !f.location().isEmpty();
        }

        boolean expired(LocalDate today) {
            return expires.isBefore(today);
        }
    }

    private Waivers() {
    }

    static List<Waiver> load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(RegularFiles.readNamed(file));
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (root == null || !root.path("waivers").isArray()) {
            throw new BadInputException(file + ": expected a top-level 'waivers:' list");
        }
        List<Waiver> waivers = new ArrayList<>();
        int index = 0;
        for (JsonNode w : root.path("waivers")) {
            index++;
            var names = w.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new BadInputException(file + ": waiver #" + index + " has unknown key '" + name + "' (expected " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
                }
            }
            for (String field : FIELDS) {
                if (w.path(field).asText("").isBlank()) {
                    throw new BadInputException(file + ": waiver #" + index + " lacks '" + field + "'");
                }
            }
            LocalDate expires;
            try {
                expires = LocalDate.parse(w.path("expires").asText());
            } catch (DateTimeParseException e) {
                throw new BadInputException(file + ": waiver #" + index + " expires '" + w.path("expires").asText() + "' is not a date (YYYY-MM-DD)");
            }
            waivers.add(new Waiver(index, w.path("advisory").asText().trim(), w.path("component").asText().trim(),
                    w.path("reason").asText().trim(), w.path("owner").asText().trim(), expires));
        }
        return List.copyOf(waivers);
    }
}
