package io.releasegates.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.releasegates.config.StrictYaml;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code release-gates.yml} strictly: unknown keys, unknown steps, step options of the wrong type and demo steps
 * mixed with real inputs or a real key are refused with one line naming the file, the line and the key.
 */
public final class CheckConfigReader {
    public static final String SCHEMA = "release-gates/check/v1";
    private static final Set<String> TOP_KEYS = Set.of("schema", "package", "environment", "policy", "key", "steps", "release");
    /** Options that name real inputs; {@code demo: true} generates its own, so the two never mix. */
    private static final List<String> REAL_INPUTS = List.of("config", "state", "tree", "baseline", "key", "git", "ref",
            "path");

    private CheckConfigReader() {
    }

    public static CheckConfig read(Path file) {
        StrictYaml lines = StrictYaml.read(file, "check config");
        JsonNode root = lines.root();
        if (root == null || !root.isObject()) {
            throw lines.error("", "the check config must be a YAML mapping");
        }
        lines.keys(root, "", TOP_KEYS);
        for (String key : List.of("schema", "package", "environment", "policy", "key")) {
            JsonNode v = root.get(key);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw lines.error(key, "expected a string, got " + (v.isContainerNode() ? "a list or mapping" : v));
            }
        }
        if (root.has("schema") && !SCHEMA.equals(root.get("schema").asText())) {
            throw lines.error("schema", "unknown check config schema '" + root.get("schema").asText()
                    + "' (expected " + SCHEMA + ")");
        }
        Path base = file.getParent() == null ? Path.of("") : file.getParent();
        Path pkg = requiredPath(root, "package", lines, base);
        Path policy = requiredPath(root, "policy", lines, base);
        String env = root.path("environment").asText("");
        if (env.isBlank()) {
            throw lines.error("environment", "is required");
        }
        Path key = root.hasNonNull("key") ? base.resolve(root.get("key").asText()).normalize() : null;
        Map<String, CheckConfig.StepConfig> steps = new LinkedHashMap<>();
        JsonNode stepsNode = root.get("steps");
        if (stepsNode == null || !stepsNode.isObject() || stepsNode.isEmpty()) {
            throw lines.error("steps", "at least one step (inventory, scan, backups, integrity) is needed");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = stepsNode.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "steps." + e.getKey();
            if (!Steps.NAMES.contains(e.getKey())) {
                throw lines.error(at, "unknown step (expected one of " + String.join(", ", Steps.NAMES) + ")");
            }
            JsonNode options = e.getValue();
            if (options == null || options.isNull() || options.isBoolean()) {
                if (options != null && options.isBoolean() && !options.asBoolean()) {
                    continue;
                }
                options = JsonNodeFactory.instance.objectNode();
            }
            if (!options.isObject()) {
                throw lines.error(at, "must be a mapping of options (or true, false)");
            }
            checkOptions(e.getKey(), options, key != null, lines);
            steps.put(e.getKey(), new CheckConfig.StepConfig(e.getKey(), base, options));
        }
        return new CheckConfig(file, pkg, env, policy, key, steps, release(root.get("release"), steps, lines));
    }

    /** {@code release: {store, name, version}}: all three strings; the components come from the inventory step's SBOM. */
    private static CheckConfig.Release release(JsonNode node, Map<String, CheckConfig.StepConfig> steps, StrictYaml lines) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw lines.error("release", "must be a mapping with store, name and version");
        }
        lines.keys(node, "release", Set.of("store", "name", "version"));
        for (String k : List.of("store", "name", "version")) {
            JsonNode v = node.get(k);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw lines.error("release." + k, "is required (a string)");
            }
        }
        if (!steps.containsKey("inventory")) {
            throw lines.error("release", "needs the inventory step: its SBOM lists the release's components");
        }
        return new CheckConfig.Release(node.get("store").asText(), node.get("name").asText(), node.get("version").asText());
    }

    private static void checkOptions(String step, JsonNode options, boolean productionKey, StrictYaml lines) {
        var impl = Steps.find(step);
        if (impl.isEmpty()) {
            return;
        }
        Map<String, StepOption> known = impl.get().options();
        for (Iterator<Map.Entry<String, JsonNode>> it = options.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> o = it.next();
            String at = "steps." + step + "." + o.getKey();
            StepOption type = known.get(o.getKey());
            if (type == null) {
                throw lines.error(at, "unknown option of step " + step + " (expected one of "
                        + String.join(", ", known.keySet().stream().sorted().toList()) + ")");
            }
            String problem = type.problem(o.getValue());
            if (problem != null) {
                throw lines.error(at, problem);
            }
        }
        if (options.path("demo").asBoolean(false)) {
            for (String real : REAL_INPUTS) {
                if (options.has(real)) {
                    throw lines.error("steps." + step + "." + real, "cannot be combined with 'demo: true' (the demo "
                            + "generates its own inputs and would ignore this one): remove one of them");
                }
            }
            if (productionKey) {
                // a demo result signed with the real key would read as a real PASS to anyone verifying it
                throw lines.error("steps." + step + ".demo", "a demo step cannot run with the production 'key:' (its "
                        + "evidence and the verdict would be signed as real): remove 'demo: true' or 'key:'");
            }
        }
    }

    private static Path requiredPath(JsonNode root, String key, StrictYaml lines, Path base) {
        String v = root.path(key).asText("");
        if (v.isBlank()) {
            throw lines.error(key, "is required");
        }
        return base.resolve(v).normalize();
    }
}
