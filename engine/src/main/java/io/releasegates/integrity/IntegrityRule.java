package io.releasegates.integrity;

import io.releasegates.report.Finding;
import io.releasegates.report.Rule;
import io.releasegates.report.Severity;

/** Every finding kind of the integrity gate; ids are documented in docs/rules.md and never change meaning. */
public enum IntegrityRule implements Rule {
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

    private final Spec spec;

    IntegrityRule(String id, String title, Severity severity) {
        this.spec = new Spec(id, title, severity);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    Finding.Builder finding(String subject, String location, String message) {
        return finding(severity(), subject, location, message);
    }

    Finding.Builder finding(Severity actualSeverity, String subject, String location, String message) {
        return finding(actualSeverity).subject(subject).location(location).message(message);
    }
}
