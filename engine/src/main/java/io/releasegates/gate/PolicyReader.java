package io.releasegates.gate;

import io.releasegates.duration.Ages;
import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.config.StrictYaml;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Severity;
import io.releasegates.waiver.Waiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy YAML strictly: an unknown key, a wrong type or a waiver without owner, reason or expiry is a
 * {@link BadInputException} naming the file and the key, because a typo in a gate policy must never loosen it.
 */
public final class PolicyReader {
    public static final String SCHEMA = "release-gates/policy/v1";
    /** What {@code require: all} means: every step that writes evidence. */
    public static final List<String> ALL_GATES = List.of("inventory", "scan", "backups", "integrity");

    private static final String KIND = "policy file";
    private static final Pattern GATE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> TOP_KEYS = Set.of("schema", "max-evidence-age", "environments", "gates", "waivers");
    private static final Set<String> GATE_KEYS = Set.of("block-at", "warn-at", "block", "warn", "ignore", "max-data-age",
            "max-evidence-age", "about-package");
    private static final Set<String> WAIVER_KEYS = Set.of("rule", "gate", "subject", "owner", "reason", "expires");

    private final StrictYaml yaml;

    private PolicyReader(StrictYaml yaml) {
        this.yaml = yaml;
    }

    public static Policy read(Path file) {
        return new PolicyReader(StrictYaml.read(file, KIND)).policy();
    }

    public static Policy parse(String source, byte[] yaml) {
        return new PolicyReader(StrictYaml.parse(source, yaml, KIND)).policy();
    }

    private Policy policy() {
        JsonNode root = yaml.root();
        if (root == null || !root.isObject()) {
            throw bad("", "the policy must be a YAML mapping");
        }
        keys(root, "", TOP_KEYS);
        if (root.has("schema") && !SCHEMA.equals(root.get("schema").asText())) {
            throw bad("schema", "unknown policy schema '" + root.get("schema").asText() + "' (expected " + SCHEMA + ")");
        }
        Duration maxAge = root.has("max-evidence-age") ? duration(root.get("max-evidence-age"), "max-evidence-age") : null;
        Map<String, List<String>> envs = environments(root.get("environments"));
        Map<String, Policy.GateRules> gates = new LinkedHashMap<>();
        JsonNode gatesNode = root.get("gates");
        if (gatesNode != null && !gatesNode.isNull()) {
            mapping(gatesNode, "gates");
            for (Iterator<Map.Entry<String, JsonNode>> it = gatesNode.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                gates.put(gateName(e.getKey(), "gates"), gateRules(e.getKey(), e.getValue()));
            }
        }
        List<Waiver> waivers = new ArrayList<>();
        JsonNode waiversNode = root.get("waivers");
        if (waiversNode != null && !waiversNode.isNull()) {
            if (!waiversNode.isArray()) {
                throw bad("waivers", "must be a list");
            }
            for (int i = 0; i < waiversNode.size(); i++) {
                waivers.add(waiver(waiversNode.get(i), "waivers[" + i + "]"));
            }
        }
        return new Policy(maxAge, envs, gates, waivers);
    }

    private Map<String, List<String>> environments(JsonNode node) {
        if (node == null || node.isNull() || node.isEmpty()) {
            throw bad("environments", "at least one environment with its required gates is needed");
        }
        mapping(node, "environments");
        Map<String, List<String>> envs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "environments." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject()) {
                keys(value, key, Set.of("require"));
                value = value.get("require");
                key += ".require";
            }
            envs.put(e.getKey(), required(value, key));
        }
        return envs;
    }

    private List<String> required(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            throw bad(key, "missing the list of required gates (or 'all')");
        }
        if (node.isTextual() && node.asText().equals("all")) {
            return ALL_GATES;
        }
        List<String> gates = new ArrayList<>();
        for (String g : strings(node, key)) {
            if (g.equals("all")) {
                ALL_GATES.stream().filter(a -> !gates.contains(a)).forEach(gates::add);
            } else if (!gates.contains(gateName(g, key))) {
                gates.add(g);
            }
        }
        return gates;
    }

    private Policy.GateRules gateRules(String gate, JsonNode node) {
        String key = "gates." + gate;
        if (node == null || node.isNull()) {
            return Policy.GateRules.defaults(gate);
        }
        mapping(node, key);
        keys(node, key, GATE_KEYS);
        Severity blockAt = severity(node.get("block-at"), key + ".block-at");
        Severity warnAt = severity(node.get("warn-at"), key + ".warn-at");
        if (blockAt != null && warnAt != null && warnAt.compareTo(blockAt) > 0) {
            throw bad(key + ".warn-at", "warn-at " + warnAt.label() + " is above block-at " + blockAt.label());
        }
        return new Policy.GateRules(blockAt, warnAt,
                optionalStrings(node.get("block"), key + ".block"),
                optionalStrings(node.get("warn"), key + ".warn"),
                optionalStrings(node.get("ignore"), key + ".ignore"),
                node.has("max-data-age") ? duration(node.get("max-data-age"), key + ".max-data-age") : null,
                node.has("max-evidence-age") ? duration(node.get("max-evidence-age"), key + ".max-evidence-age") : null,
                node.has("about-package") ? bool(node.get("about-package"), key + ".about-package")
                        : Policy.PACKAGE_GATES.contains(gate));
    }

    private Waiver waiver(JsonNode node, String key) {
        mapping(node, key);
        keys(node, key, WAIVER_KEYS);
        String rule = text(node, "rule", key, true);
        String owner = text(node, "owner", key, true);
        String reason = text(node, "reason", key, true);
        String expires = text(node, "expires", key, true);
        LocalDate date;
        try {
            date = LocalDate.parse(expires);
        } catch (DateTimeParseException e) {
            throw bad(key + ".expires", "not a date '" + expires + "' (expected YYYY-MM-DD)");
        }
        String gate = text(node, "gate", key, false);
        if (gate != null) {
            gateName(gate, key + ".gate");
        }
        return new Waiver(rule, gate, text(node, "subject", key, false), owner, reason, date);
    }

    private String text(JsonNode node, String field, String key, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (required) {
                throw bad(key + "." + field, "is required");
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw bad(key + "." + field, "must be a single value");
        }
        return v.asText().trim();
    }

    private Severity severity(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Severity.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    private Duration duration(JsonNode node, String key) {
        try {
            return Ages.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    private boolean bool(JsonNode node, String key) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String t = node.asText();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw bad(key, "must be true or false");
    }

    private List<String> optionalStrings(JsonNode node, String key) {
        return node == null || node.isNull() ? List.of() : strings(node, key);
    }

    private List<String> strings(JsonNode node, String key) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText().trim());
            return out;
        }
        if (!node.isArray()) {
            throw bad(key, "must be a list");
        }
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw bad(key, "every entry must be a non-empty text");
            }
            out.add(item.asText().trim());
        }
        return out;
    }

    private String gateName(String name, String key) {
        if (!GATE_NAME.matcher(name).matches()) {
            throw bad(key, "'" + name + "' is not a gate name (lower-case letters, digits, '-')");
        }
        return name;
    }

    private void mapping(JsonNode node, String key) {
        if (node == null || !node.isObject()) {
            throw bad(key, "must be a mapping");
        }
    }

    private void keys(JsonNode node, String key, Set<String> allowed) {
        yaml.keys(node, key, allowed);
    }

    private BadInputException bad(String key, String problem) {
        return yaml.error(key, problem);
    }
}
