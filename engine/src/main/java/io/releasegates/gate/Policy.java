package io.releasegates.gate;

import io.releasegates.report.Severity;
import io.releasegates.waiver.Waiver;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A promotion policy (docs/policy.md): which gates each environment requires, how each gate's findings are judged,
 * how old evidence and data may be, and the waivers in force.
 *
 * @param maxEvidenceAge default maximum age of any evidence file (a gate may override it)
 * @param environments   environment name → gates it requires, in policy order
 * @param gates          gate name → how its findings are judged; gates not listed get {@link GateRules#defaults}
 * @param waivers        accepted exceptions, each with owner, reason and expiry
 */
public record Policy(Duration maxEvidenceAge, Map<String, List<String>> environments, Map<String, GateRules> gates,
                     List<Waiver> waivers) {

    /** Gates whose evidence is about the release package unless the policy says otherwise. */
    static final Set<String> PACKAGE_GATES = Set.of("inventory", "scan");
    static final Duration DEFAULT_MAX_EVIDENCE_AGE = Duration.ofHours(24);

    public Policy {
        maxEvidenceAge = maxEvidenceAge == null ? DEFAULT_MAX_EVIDENCE_AGE : maxEvidenceAge;
        Map<String, List<String>> envs = new LinkedHashMap<>();
        environments.forEach((k, v) -> envs.put(k, List.copyOf(v)));
        environments = Collections.unmodifiableMap(envs);
        gates = Collections.unmodifiableMap(new LinkedHashMap<>(gates));
        waivers = List.copyOf(waivers);
    }

    public GateRules rulesFor(String gate) {
        return gates.getOrDefault(gate, GateRules.defaults(gate));
    }

    /** The effective maximum evidence age of a gate. */
    public Duration maxEvidenceAge(String gate) {
        GateRules rules = gates.get(gate);
        return rules != null && rules.maxEvidenceAge() != null ? rules.maxEvidenceAge() : maxEvidenceAge;
    }

    /**
     * How one gate's findings are judged. Precedence: an id on {@code block} blocks, else on {@code ignore} is
     * ignored, else on {@code warn} warns, else the severity thresholds decide (below {@code warnAt}: ignored).
     *
     * @param blockAt        findings at or above this severity block
     * @param warnAt         findings at or above this severity (and below blockAt) warn
     * @param block          rule ids / advisory ids (or aliases) that block whatever their severity; {@code *} wildcards
     * @param warn           ids that warn whatever their severity
     * @param ignore         ids that are never held against the release
     * @param maxDataAge     every {@code dataAsOf} entry must be younger; null = not checked
     * @param maxEvidenceAge overrides the policy-wide maximum evidence age; null = inherit
     * @param aboutPackage   the evidence must name the judged package (input role {@code package})
     */
    public record GateRules(Severity blockAt, Severity warnAt, List<String> block, List<String> warn,
                            List<String> ignore, Duration maxDataAge, Duration maxEvidenceAge, boolean aboutPackage) {
        public GateRules {
            blockAt = blockAt == null ? Severity.HIGH : blockAt;
            warnAt = warnAt == null ? Severity.MEDIUM : warnAt;
            block = List.copyOf(block == null ? List.of() : block);
            warn = List.copyOf(warn == null ? List.of() : warn);
            ignore = List.copyOf(ignore == null ? List.of() : ignore);
        }

        public static GateRules defaults(String gate) {
            return new GateRules(null, null, null, null, null, null, null, PACKAGE_GATES.contains(gate));
        }
    }
}
