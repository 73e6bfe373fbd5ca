package io.releasegates.gate;

import java.util.Objects;

/**
 * One judged condition of a verdict, and one JUnit test case: a fail-closed check of the evidence, or one finding
 * of a judged gate as the policy classified it. Every field is text so the verdict reads the same everywhere.
 *
 * @param gate      gate the condition is about ({@code inventory}, {@code scan}, …); empty for a file of no known gate
 * @param ruleId    the gate's own {@code RG-GATE-…} id, or the finding's rule id (a CVE id for advisories)
 * @param status    what it means for promotion
 * @param severity  the finding's severity label; empty for the gate's own conditions
 * @param subject   what was examined (purl, backup copy, evidence file)
 * @param location  path the finding is about; may be empty
 * @param reason    one line for people: what was found and why it has this status
 * @param threshold the policy setting that decided it (e.g. {@code block-at: high}, {@code block: CVE-2021-44228})
 * @param waiver    the waiver applied or refused (owner, expiry, reason); empty when none
 * @param evidence  the evidence file name the condition comes from; empty when none
 */
public record Condition(String gate, String ruleId, Status status, String severity, String subject, String location,
                        String reason, String threshold, String waiver, String evidence) {
    public Condition {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(status, "status");
        gate = nz(gate);
        severity = nz(severity);
        subject = nz(subject);
        location = nz(location);
        reason = nz(reason);
        threshold = nz(threshold);
        waiver = nz(waiver);
        evidence = nz(evidence);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Test-case name: stable across runs so Jenkins can track a condition's history. */
    public String name() {
        StringBuilder sb = new StringBuilder(ruleId);
        if (!subject.isEmpty()) {
            sb.append(' ').append(subject);
        }
        if (!location.isEmpty() && !location.equals(subject)) {
            sb.append(" (").append(location).append(')');
        }
        return sb.toString();
    }

    /** One line for logs and the console: {@code BLOCK scan CVE-2021-44228 …: reason [threshold] (waiver)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(status.label()).append(' ');
        if (!gate.isEmpty()) {
            sb.append(gate).append(' ');
        }
        sb.append(name()).append(": ").append(reason);
        if (!threshold.isEmpty()) {
            sb.append(" [").append(threshold).append(']');
        }
        if (!waiver.isEmpty()) {
            sb.append(" (").append(waiver).append(')');
        }
        return sb.toString();
    }
}
