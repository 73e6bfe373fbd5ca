package io.releasegates.gate.check;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads {@code release-gates.yml} strictly: unknown keys and unknown steps are refused, naming the file and the key. */
public final class CheckConfigReader {
    public static final String SCHEMA = "release-gates/check/v1";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("schema", "package", "environment", "policy", "key", "steps");

    private CheckConfigReader() {
    }

    public static CheckConfig read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(RegularFiles.readNamed(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": check config not found");
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw new BadInputException(file + ": not valid YAML (" + (at == null ? "" : "line " + at.getLineNr()
                    + ": ") + e.getOriginalMessage().strip().split("\\R", 2)[0] + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read check config (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + ": the check config must be a YAML mapping");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_KEYS.contains(key)) {
                throw new BadInputException(file + ": " + key + ": unknown key (expected one of "
                        + String.join(", ", TOP_KEYS.stream().sorted().toList()) + ")");
            }
        }
        if (root.has("schema") && !SCHEMA.equals(root.get("schema").asText())) {
            throw new BadInputException(file + ": schema: unknown check config schema '" + root.get("schema").asText()
                    + "' (expected " + SCHEMA + ")");
        }
        Path base = file.getParent() == null ? Path.of("") : file.getParent();
        Path pkg = requiredPath(root, "package", file, base);
        Path policy = requiredPath(root, "policy", file, base);
        String env = root.path("environment").asText("");
        if (env.isBlank()) {
            throw new BadInputException(file + ": environment: is required");
        }
        Path key = root.hasNonNull("key") ? base.resolve(root.get("key").asText()).normalize() : null;
        Map<String, CheckConfig.StepConfig> steps = new LinkedHashMap<>();
        JsonNode stepsNode = root.get("steps");
        if (stepsNode == null || !stepsNode.isObject() || stepsNode.isEmpty()) {
            throw new BadInputException(file + ": steps: at least one step (inventory, scan, backups, integrity) is needed");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = stepsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Steps.NAMES.contains(e.getKey())) {
                throw new BadInputException(file + ": steps." + e.getKey() + ": unknown step (expected one of "
                        + String.join(", ", Steps.NAMES) + ")");
            }
            JsonNode options = e.getValue();
            if (options == null || options.isNull() || options.isBoolean()) {
                if (options != null && options.isBoolean() && !options.asBoolean()) {
                    continue;
                }
                options = JsonNodeFactory.instance.objectNode();
            }
            if (!options.isObject()) {
                throw new BadInputException(file + ": steps." + e.getKey() + ": must be a mapping of options");
            }
            steps.put(e.getKey(), new CheckConfig.StepConfig(e.getKey(), base, options));
        }
        return new CheckConfig(file, pkg, env, policy, key, steps);
    }

    private static Path requiredPath(JsonNode root, String key, Path file, Path base) {
        String v = root.path(key).asText("");
        if (v.isBlank()) {
            throw new BadInputException(file + ": " + key + ": is required");
        }
        return base.resolve(v).normalize();
    }
}
