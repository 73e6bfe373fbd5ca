package io.releasegates.probe;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.config.StrictYaml;
import io.releasegates.waiver.Waiver;
import io.releasegates.report.BadInputException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code probe.yml} strictly, as the policy and check configs are read: an unknown key, an unknown action or
 * an exception without owner, reason or expiry is a one-line {@link BadInputException} naming the file and the key,
 * since a typo must never silently loosen the probe.
 * <pre>
 * schema: release-gates/probe/v1
 * rules:
 *   RG-PROBE-CSP-MISSING: FAIL
 *   RG-PROBE-REFERRER-POLICY-MISSING: IGNORE
 *   CVE-2021-41773: FAIL
 * exceptions:
 *   - rule: RG-PROBE-EXPOSED-ACTUATOR
 *     url: "https://shop.example/actuator/health*"
 *     owner: team-shop
 *     reason: health is public by design
 *     expires: 2026-12-31
 * </pre>
 */
public final class ProbeConfigReader {
    public static final String SCHEMA = "release-gates/probe/v1";
    private static final Set<String> TOP_KEYS = Set.of("schema", "rules", "exceptions");
    private static final Set<String> EXCEPTION_KEYS = Set.of("rule", "url", "owner", "reason", "expires");

    private ProbeConfigReader() {
    }

    public static ProbeConfig read(Path file) {
        StrictYaml yaml = StrictYaml.read(file, "probe config");
        JsonNode root = yaml.root();
        if (root == null || root.isNull()) {
            return new ProbeConfig(file.toString(), Map.of(), List.of());
        }
        if (!root.isObject()) {
            throw bad(yaml, "", "the probe config must be a YAML mapping");
        }
        keys(yaml, root, "", TOP_KEYS);
        if (root.has("schema") && !SCHEMA.equals(root.get("schema").asText())) {
            throw bad(yaml, "schema", "unknown probe config schema '" + root.get("schema").asText() + "' (expected " + SCHEMA + ")");
        }
        Map<String, ProbeConfig.Action> actions = new LinkedHashMap<>();
        JsonNode rules = root.get("rules");
        if (rules != null && !rules.isNull()) {
            if (!rules.isObject()) {
                throw bad(yaml, "rules", "must be a mapping of rule id to WARN, FAIL or IGNORE");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = rules.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                actions.put(ruleId(yaml, e.getKey()), action(yaml, "rules." + e.getKey(), e.getValue()));
            }
        }
        List<Waiver> exceptions = new ArrayList<>();
        JsonNode list = root.get("exceptions");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw bad(yaml, "exceptions", "must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                exceptions.add(exception(yaml, list.get(i), "exceptions[" + i + "]"));
            }
        }
        return new ProbeConfig(file.toString(), actions, exceptions);
    }

    /** A probe rule id must be one the probe knows (a typo would match nothing); advisory ids and globs pass as is. */
    private static String ruleId(StrictYaml yaml, String id) {
        if (id.startsWith("RG-PROBE-") && !id.contains("*")
                && java.util.Arrays.stream(ProbeRule.values()).noneMatch(r -> r.id().equals(id))) {
            throw bad(yaml, "rules." + id, "unknown probe rule (see docs/probe.md for the RG-PROBE-* ids)");
        }
        return id;
    }

    private static ProbeConfig.Action action(StrictYaml yaml, String key, JsonNode value) {
        String text = value == null || !value.isTextual() ? String.valueOf(value) : value.asText();
        try {
            return ProbeConfig.Action.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(yaml, key, "unknown action '" + text + "' (expected WARN, FAIL or IGNORE)");
        }
    }

    private static Waiver exception(StrictYaml yaml, JsonNode node, String key) {
        if (node == null || !node.isObject()) {
            throw bad(yaml, key, "must be a mapping with rule, url, owner, reason and expires");
        }
        keys(yaml, node, key, EXCEPTION_KEYS);
        for (String field : List.of("rule", "url", "owner", "reason", "expires")) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull() || v.asText("").isBlank() || v.isContainerNode()) {
                throw bad(yaml, key + "." + field, "is required (a non-empty string)");
            }
        }
        LocalDate expires;
        try {
            expires = LocalDate.parse(node.get("expires").asText().trim());
        } catch (DateTimeParseException e) {
            throw bad(yaml, key + ".expires", "'" + node.get("expires").asText() + "' is not a date (YYYY-MM-DD)");
        }
        return new Waiver(node.get("rule").asText().trim(), "probe", node.get("url").asText().trim(),
                node.get("owner").asText().trim(), node.get("reason").asText().trim(), expires);
    }

    private static void keys(StrictYaml yaml, JsonNode node, String prefix, Set<String> allowed) {
        yaml.keys(node, prefix, allowed);
    }

    private static BadInputException bad(StrictYaml yaml, String key, String problem) {
        return yaml.error(key, problem);
    }
}
