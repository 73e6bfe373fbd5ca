package io.releasegates.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.releasegates.config.StrictYaml;
import io.releasegates.glob.Glob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The update-cadence policy (YAML, see docs/fleet.md): ordered rules map components (purl patterns, OS package
 * names) on hosts (roles, environments) to a tier; the first matching rule wins, else {@code default-tier}.
 */
public final class CadencePolicy {
    private static final Set<String> OS_TYPES = Set.of("deb", "rpm", "apk");
    private static final String KIND = "cadence policy";
    private static final Set<String> TOP_KEYS = Set.of("default-tier", "rules");
    private static final Set<String> RULE_KEYS = Set.of("name", "tier", "purls", "packages", "roles", "environments",
            "agreed");
    /** Binds the tree {@link StrictYaml} read (keys already checked) to the spec records, dates included. */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Where one component on one kind of host stands: its tier, the agreed date when direct, and which rule said so. */
    public record Assignment(Tier tier, LocalDate agreedDate, String rule) {
    }

    record RuleSpec(@JsonProperty("name") String name, @JsonProperty("tier") String tier,
                    @JsonProperty("purls") List<String> purls, @JsonProperty("packages") List<String> packages,
                    @JsonProperty("roles") List<String> roles, @JsonProperty("environments") List<String> environments,
                    @JsonProperty("agreed") Map<String, LocalDate> agreed) {
    }

    record PolicySpec(@JsonProperty("default-tier") String defaultTier, @JsonProperty("rules") List<RuleSpec> rules) {
    }

    private record Rule(String name, Tier tier, List<Glob> purls, List<Glob> packages, Set<String> roles,
                        Set<String> environments, Map<String, LocalDate> agreed) {
        boolean matches(String key, String type, String name, String role, String environment) {
            boolean anyComponent = purls.isEmpty() && packages.isEmpty();
            boolean component = anyComponent
                    || Glob.anyMatches(purls, key)
                    || (OS_TYPES.contains(type) && Glob.anyMatches(packages, name));
            return component && (roles.isEmpty() || roles.contains(role))
                    && (environments.isEmpty() || environments.contains(environment));
        }
    }

    private final Tier defaultTier;
    private final List<Rule> rules;

    private CadencePolicy(Tier defaultTier, List<Rule> rules) {
        this.defaultTier = defaultTier;
        this.rules = List.copyOf(rules);
    }

    /** Without a policy file everything is indirect: weekly updates, the middle tier. */
    public static CadencePolicy defaults() {
        return new CadencePolicy(Tier.INDIRECT, List.of());
    }

    public static CadencePolicy load(Path file) {
        return from(StrictYaml.read(file, KIND));
    }

    public static CadencePolicy parse(String yaml, String origin) {
        return from(StrictYaml.parse(origin, yaml.getBytes(StandardCharsets.UTF_8), KIND));
    }

    private static CadencePolicy from(StrictYaml yaml) {
        JsonNode root = yaml.root();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return defaults();
        }
        if (!root.isObject()) {
            throw yaml.error("", "the cadence policy must be a YAML mapping");
        }
        yaml.keys(root, "", TOP_KEYS);
        JsonNode rulesNode = root.path("rules");
        if (rulesNode.isArray()) {
            for (int i = 0; i < rulesNode.size(); i++) {
                if (rulesNode.get(i).isObject()) {
                    yaml.keys(rulesNode.get(i), "rules[" + i + "]", RULE_KEYS);
                }
            }
        }
        PolicySpec spec;
        try {
            spec = YAML.treeToValue(root, PolicySpec.class);
        } catch (MismatchedInputException e) {
            throw yaml.error(key(e), "wrong type (" + e.getOriginalMessage().strip().split("\\R", 2)[0] + ")");
        } catch (JacksonException e) {
            throw yaml.error("", "invalid cadence policy: " + e.getOriginalMessage());
        }
        String at = "default-tier";
        try {
            Tier def = spec.defaultTier() == null ? Tier.INDIRECT : Tier.parse(spec.defaultTier());
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; spec.rules() != null && i < spec.rules().size(); i++) {
                at = "rules[" + i + "]";
                rules.add(rule(spec.rules().get(i)));
            }
            return new CadencePolicy(def, rules);
        } catch (IllegalArgumentException e) {
            throw yaml.error(at, e.getMessage());
        }
    }

    /** The dotted key ({@code rules[0].agreed}) a binding error is about. */
    private static String key(MismatchedInputException e) {
        StringBuilder key = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                key.append(key.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static Rule rule(RuleSpec r) {
        if (r.tier() == null) {
            throw new IllegalArgumentException("rule '" + r.name() + "' has no tier");
        }
        Tier tier = Tier.parse(r.tier());
        if (r.agreed() != null && !r.agreed().isEmpty() && tier != Tier.DIRECT) {
            throw new IllegalArgumentException("rule '" + r.name() + "': agreed dates belong to the direct tier only");
        }
        return new Rule(r.name() == null ? tier.label() : r.name(), tier, globs(r.purls()), globs(r.packages()),
                Set.copyOf(nonNull(r.roles())), Set.copyOf(nonNull(r.environments())),
                r.agreed() == null ? Map.of() : Map.copyOf(r.agreed()));
    }

    private static List<String> nonNull(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static List<Glob> globs(List<String> values) {
        return nonNull(values).stream().map(Glob::name).toList();
    }

    public Assignment assign(String key, String type, String name, String role, String environment) {
        for (Rule r : rules) {
            if (r.matches(key, type, name, role, environment)) {
                return new Assignment(r.tier(), r.agreed().get(environment), r.name());
            }
        }
        return new Assignment(defaultTier, null, "default-tier");
    }

    /**
     * The verdict for a version whose first newer version was first seen at {@code newerSince} (null: none newer).
     * Out of policy only strictly after the allowance: exactly one day after the release is still on time.
     */
    public static Compliance judge(Assignment a, Instant newerSince, Instant now) {
        if (newerSince == null) {
            return Compliance.CURRENT;
        }
        if (a.tier() == Tier.DIRECT) {
            if (a.agreedDate() == null) {
                return Compliance.NO_AGREED_DATE;
            }
            return LocalDate.ofInstant(now, ZoneOffset.UTC).isAfter(a.agreedDate())
                    ? Compliance.OUT_OF_POLICY : Compliance.WITHIN_POLICY;
        }
        Duration waited = Duration.between(newerSince, now);
        return waited.compareTo(a.tier().allowance()) > 0 ? Compliance.OUT_OF_POLICY : Compliance.WITHIN_POLICY;
    }
}
