package io.releasegates.waiver;

import io.releasegates.glob.Glob;
import io.releasegates.report.Finding;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The one waiver model: an accepted exception that lets one rule (e.g. a CVE id) pass, optionally only for one gate
 * and only for matching findings, until its expiry date (inclusive, UTC). An expired waiver is not applied and is
 * reported. Policies ({@code waivers:}), probe configs ({@code exceptions:}) and the scan's waiver file
 * ({@link WaiverFile}) all read into it.
 *
 * @param rule      exact rule id or advisory id/alias it waives ({@link RuleIds})
 * @param gate      gate it applies to; empty = any gate
 * @param subject   text glob ({@link Glob#text}) over the finding's subject or location; empty = any
 * @param component the scan waiver file's component: a purl with or without version, the finding's subject, or a
 *                  path glob ({@link Glob#path}) over the finding's location; empty = any
 * @param owner     who accepted the risk
 * @param reason    why
 * @param expires   last day the waiver applies
 */
public record Waiver(String rule, String gate, String subject, String component, String owner, String reason,
                     LocalDate expires) {
    public Waiver {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        gate = gate == null ? "" : gate;
        subject = subject == null ? "" : subject;
        component = component == null ? "" : component;
    }

    /** A waiver scoped by a subject glob, as policies and probe configs write them. */
    public Waiver(String rule, String gate, String subject, String owner, String reason, LocalDate expires) {
        this(rule, gate, subject, "", owner, reason, expires);
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
        boolean subjectMatches = subject.isEmpty() || Glob.text(subject).matches(finding.subject())
                || Glob.text(subject).matches(finding.location());
        return subjectMatches && (component.isEmpty() || componentMatches(finding));
    }

    private boolean componentMatches(Finding f) {
        String purl = f.properties().getOrDefault("purl", "");
        String unversioned = purl.contains("@") ? purl.substring(0, purl.indexOf('@')) : purl;
        return component.equals(purl) || component.equals(unversioned) || component.equals(f.subject())
                || !f.location().isEmpty() && Glob.path(component).matches(f.location());
    }

    /** What the waiver covers, for messages: its component, else its subject glob, else {@code *}. */
    public String scope() {
        return !component.isEmpty() ? component : subject.isEmpty() ? "*" : subject;
    }

    /** One line for reasons: who, until when, why. */
    public String describe() {
        return "waiver by " + owner + " until " + expires + ": " + reason;
    }
}
