package io.releasegates.integrity;

import io.releasegates.report.Finding;
import io.releasegates.report.Severity;

/** Every finding kind of the integrity gate; ids are documented in docs/rules.md and never change meaning. */
public enum IntegrityRule {
    ADDED("RG-INT-ADDED", "Path added", Severity.HIGH),
    REMOVED("RG-INT-REMOVED", "Path removed", Severity.HIGH),
    MODIFIED("RG-INT-MODIFIED", "Content modified", Severity.HIGH),
    MODE("RG-INT-MODE", "Permissions changed", Severity.HIGH),
    OWNER("RG-INT-OWNER", "Owner or group changed", Severity.HIGH),
    TYPE("RG-INT-TYPE", "Type changed", Severity.HIGH),
    RETARGETED("RG-INT-RETARGETED", "Symlink retargeted", Severity.HIGH),
    LINK_ESCAPE("RG-INT-LINK-ESCAPE", "Symlink points outside the tree", Severity.HIGH),
    SPECIAL("RG-INT-SPECIAL", "Device, FIFO or socket", Severity.HIGH),
    UNREADABLE("RG-INT-UNREADABLE", "Path could not be read", Severity.HIGH),
    SIGNATURE("RG-INT-SIGNATURE", "Baseline signature invalid", Severity.CRITICAL),
    UNVERIFIED("RG-INT-UNVERIFIED", "Baseline not verified", Severity.MEDIUM);

    private final String id;
    private final String title;
    private final Severity severity;

    IntegrityRule(String id, String title, Severity severity) {
        this.id = id;
        this.title = title;
        this.severity = severity;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Severity severity() {
        return severity;
    }

    Finding.Builder finding(String subject, String location, String message) {
        return finding(severity, subject, location, message);
    }

    Finding.Builder finding(Severity actualSeverity, String subject, String location, String message) {
        return Finding.builder(id, actualSeverity).title(title).subject(subject).location(location).message(message);
    }
}
