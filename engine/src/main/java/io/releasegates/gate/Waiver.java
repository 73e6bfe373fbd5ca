package io.releasegates.gate;

import io.releasegates.glob.Glob;
import io.releasegates.report.Finding;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An accepted exception to the policy. It lets one rule (e.g. a CVE id) pass, optionally only for one gate and only
 * for matching subjects, until its expiry date (inclusive, UTC). An expired waiver is not applied and is reported.
 *
 * @param rule    exact rule id or advisory id/alias it waives
 * @param gate    gate it applies to; empty = any gate
 * @param subject glob ({@code *}) over the finding's subject or location; empty = any
 * @param owner   who accepted the risk
 * @param reason  why
 * @param expires last day the waiver applies
 */
public record Waiver(String rule, String gate, String subject, String owner, String reason, LocalDate expires) {
    public Waiver {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        gate = gate == null ? "" : gate;
        subject = subject == null ? "" : subject;
    }

    public boolean isExpiredOn(LocalDate today) {
        return today.isAfter(expires);
    }

    public boolean matches(String findingGate, Finding finding) {
        if (!gate.isEmpty() && !gate.equals(findingGate)) {
            return false;
        }
        if (!RuleIds.of(finding).contains(rule)) {
            return false;
        }
        return subject.isEmpty() || Glob.text(subject).matches(finding.subject())
                || Glob.text(subject).matches(finding.location());
    }

    /** One line for reasons: who, until when, why. */
    public String describe() {
        return "waiver by " + owner + " until " + expires + ": " + reason;
    }
}
