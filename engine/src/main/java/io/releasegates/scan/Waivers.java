package io.releasegates.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.config.StrictYaml;
import io.releasegates.glob.Glob;
import io.releasegates.report.Finding;
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
                    || Glob.path(component).matches(f.location()) && !f.location().isEmpty();
        }

        boolean expired(LocalDate today) {
            return expires.isBefore(today);
        }
    }

    private Waivers() {
    }

    static List<Waiver> load(Path file) {
        StrictYaml yaml = StrictYaml.read(file, "waiver file");
        JsonNode root = yaml.root();
        if (root == null || !root.path("waivers").isArray()) {
            throw yaml.error("", "expected a top-level 'waivers:' list");
        }
        List<Waiver> waivers = new ArrayList<>();
        int index = 0;
        for (JsonNode w : root.path("waivers")) {
            String at = "waivers[" + index + "]";
            index++;
            yaml.keys(w, at, FIELDS);
            for (String field : FIELDS) {
                if (w.path(field).asText("").isBlank()) {
                    throw yaml.error(at + "." + field, "is required");
                }
            }
            LocalDate expires;
            try {
                expires = LocalDate.parse(w.path("expires").asText());
            } catch (DateTimeParseException e) {
                throw yaml.error(at + ".expires", "'" + w.path("expires").asText() + "' is not a date (YYYY-MM-DD)");
            }
            waivers.add(new Waiver(index, w.path("advisory").asText().trim(), w.path("component").asText().trim(),
                    w.path("reason").asText().trim(), w.path("owner").asText().trim(), expires));
        }
        return List.copyOf(waivers);
    }
}
