package io.releasegates.gate;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The promotion decision for one package and environment, with every condition that led to it. This is what gets
 * signed: {@link VerdictJson} renders it canonically and {@code gate verify} checks it against a package.
 *
 * @param status        worst status over the conditions, at least PASS
 * @param environment   the environment promotion was judged for
 * @param packagePath   the judged package as named on the command line or in the evidence
 * @param packageSha256 SHA-256 of the judged package; empty when it could not be established (then the verdict blocks)
 * @param policyPath    policy file as given
 * @param policySha256  SHA-256 of the policy file content
 * @param evaluatedAt   when the gate ran
 * @param toolVersion   release-gates version
 * @param requiredGates gates the environment requires
 * @param evidence      every evidence file read, with its hash
 * @param conditions    worst first
 */
public record Verdict(Status status, String environment, String packagePath, String packageSha256, String policyPath,
                      String policySha256, Instant evaluatedAt, String toolVersion, List<String> requiredGates,
                      List<EvidenceRef> evidence, List<Condition> conditions) {

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        packagePath = packagePath == null ? "" : packagePath;
        packageSha256 = packageSha256 == null ? "" : packageSha256;
        policyPath = policyPath == null ? "" : policyPath;
        policySha256 = policySha256 == null ? "" : policySha256;
        requiredGates = List.copyOf(requiredGates);
        evidence = List.copyOf(evidence);
        conditions = conditions.stream()
                .sorted(Comparator.comparing(Condition::status).reversed().thenComparing(Condition::gate))
                .toList();
    }

    /**
     * One evidence file as the gate read it.
     *
     * @param gate        gate named inside the file
     * @param file        file name
     * @param sha256      hash of the file content
     * @param generatedAt when the step wrote it
     * @param toolVersion release-gates version of the step
     * @param signedBy    key id whose signature on the file the gate verified; empty when the gate had no key
     */
    public record EvidenceRef(String gate, String file, String sha256, Instant generatedAt, String toolVersion,
                              String signedBy) {
        public EvidenceRef {
            signedBy = signedBy == null ? "" : signedBy;
        }
    }

    public long count(Status s) {
        return conditions.stream().filter(c -> c.status() == s).count();
    }

    public long waived() {
        return conditions.stream().filter(c -> c.status() == Status.PASS && !c.waiver().isEmpty()).count();
    }

    /** The conditions that made the verdict what it is (the BLOCK ones, else the WARN ones). */
    public List<Condition> reasons() {
        return conditions.stream().filter(c -> c.status() == status && status != Status.PASS).toList();
    }
}
