package io.releasegates.waiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.config.StrictYaml;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a waiver file (scan's {@code --waivers}): a top-level {@code waivers:} list of {@link Waiver}s. Each entry
 * names what it waives ({@code advisory:}, or {@code rule:} as in a policy), where ({@code component:} — a purl with
 * or without version or a path glob inside the package — or a policy's {@code subject:} glob, at least one of the
 * two), who owns the decision, why, and until when:
 * <pre>
 * waivers:
 *   - advisory: CVE-2022-1471          # or the GHSA id, or a RG-SCAN-… rule id
 *     component: pkg:maven/org.yaml/snakeyaml
 *     reason: only loads our own YAML with SafeConstructor
 *     owner: team-shop
 *     expires: 2026-12-31
 * </pre>
 */
public final class WaiverFile {
    private static final Set<String> KEYS = Set.of("advisory", "rule", "component", "subject", "gate", "reason", "owner",
            "expires");

    private WaiverFile() {
    }

    public static List<Waiver> read(Path file) {
        StrictYaml yaml = StrictYaml.read(file, "waiver file");
        JsonNode root = yaml.root();
        if (root == null || !root.path("waivers").isArray()) {
            throw yaml.error("", "expected a top-level 'waivers:' list");
        }
        List<Waiver> waivers = new ArrayList<>();
        int index = 0;
        for (JsonNode w : root.path("waivers")) {
            String at = "waivers[" + index++ + "]";
            yaml.keys(w, at, KEYS);
            String rule = either(yaml, w, at, "advisory", "rule");
            String component = text(w, "component");
            String subject = text(w, "subject");
            if (component.isEmpty() && subject.isEmpty()) {
                throw yaml.error(at + ".component", "is required (or subject)");
            }
            for (String field : List.of("reason", "owner", "expires")) {
                if (text(w, field).isEmpty()) {
                    throw yaml.error(at + "." + field, "is required");
                }
            }
            LocalDate expires;
            try {
                expires = LocalDate.parse(text(w, "expires"));
            } catch (DateTimeParseException e) {
                throw yaml.error(at + ".expires", "'" + text(w, "expires") + "' is not a date (YYYY-MM-DD)");
            }
            waivers.add(new Waiver(rule, text(w, "gate"), subject, component, text(w, "owner"), text(w, "reason"),
                    expires));
        }
        return List.copyOf(waivers);
    }

    private static String either(StrictYaml yaml, JsonNode w, String at, String old, String current) {
        String a = text(w, old);
        String b = text(w, current);
        if (!a.isEmpty() && !b.isEmpty()) {
            throw yaml.error(at + "." + current, "give " + old + " or " + current + ", not both");
        }
        if (a.isEmpty() && b.isEmpty()) {
            throw yaml.error(at + "." + old, "is required (or " + current + ")");
        }
        return a.isEmpty() ? b : a;
    }

    private static String text(JsonNode w, String field) {
        return w.path(field).asText("").trim();
    }
}
