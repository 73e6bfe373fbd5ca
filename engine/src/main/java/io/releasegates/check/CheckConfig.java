package io.releasegates.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code release-gates.yml}: which release to check, with which steps, against which policy (docs/check.md).
 * Relative paths are resolved against the directory of the config file.
 *
 * @param source      the config file (for messages)
 * @param packageFile the release package
 * @param environment environment to judge promotion for
 * @param policy      the policy YAML
 * @param key         signing key file; null = generate a throw-away demo key per run
 * @param steps       step name → its options, in config order
 * @param release     where to record the release when it may be promoted; null for nowhere
 */
public record CheckConfig(Path source, Path packageFile, String environment, Path policy, Path key,
                          Map<String, StepConfig> steps, Release release) {
    public CheckConfig {
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    public CheckConfig(Path source, Path packageFile, String environment, Path policy, Path key, Map<String, StepConfig> steps) {
        this(source, packageFile, environment, policy, key, steps, null);
    }

    /**
     * Where a promoted release is recorded for monitoring (docs/monitoring.md): the top-level {@code release:} mapping.
     * Null when the config has none.
     *
     * @param store the fleet store URL (as {@code --store})
     */
    public record Release(String store, String name, String version) {
    }

    /**
     * One step's options, kept as a tree because each step reads its own keys.
     *
     * @param name    step (= gate) name
     * @param baseDir directory relative paths in the options are resolved against
     * @param options the step's mapping (empty when the config says {@code step: {}} or {@code step: true})
     */
    public record StepConfig(String name, Path baseDir, JsonNode options) {
        public Path path(String key) {
            JsonNode v = options.get(key);
            return v == null || v.isNull() || v.asText().isBlank() ? null : baseDir.resolve(v.asText()).normalize();
        }

        public String text(String key, String fallback) {
            JsonNode v = options.get(key);
            return v == null || v.isNull() ? fallback : v.asText();
        }

        /**
         * A secret named by option {@code <key>-env} (an environment variable's name, never the secret) or
         * {@code <key>-file} (a file holding it); null when neither is given.
         */
        public String secret(String key) {
            return io.releasegates.signing.SecretInput.read(System.getenv(), text(key + "-env", null), path(key + "-file"),
                    "steps." + name + "." + key);
        }

        public boolean flag(String key) {
            JsonNode v = options.get(key);
            return v != null && (v.asBoolean(false) || "true".equals(v.asText()));
        }
    }
}
