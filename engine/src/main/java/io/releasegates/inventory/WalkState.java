package io.releasegates.inventory;

import io.releasegates.report.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Counters, findings and errors of one walk, shared by the readers and guarded streams it creates. */
final class WalkState {
    final WalkLimits limits;
    final WalkDigests.Hashes nestedDigests;
    final String subject;
    final PackageVisitor visitor;
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> findingKeys = new HashSet<>();
    private final List<String> errors = new ArrayList<>();
    long entries;
    long archives;
    long inflated;
    private boolean stopped;

    WalkState(WalkLimits limits, WalkDigests.Hashes nestedDigests, String subject, PackageVisitor visitor) {
        this.limits = limits;
        this.nestedDigests = nestedDigests;
        this.subject = subject;
        this.visitor = visitor;
    }

    boolean stopped() {
        return stopped;
    }

    void finding(InventoryRule rule, String location, String message) {
        // one finding per rule and place: a bomb tripped by the visitor and again by draining is still one bomb
        if (findingKeys.add(rule.id() + '\u0000' + location)) {
            findings.add(rule.finding(subject, location, message));
        }
    }

    void stop(String reason) {
        if (!stopped) {
            stopped = true;
            errors.add(subject + ": " + reason);
        }
    }

    void error(String message) {
        errors.add(message);
    }

    /** Counts one more file; false (and the walk stops) once the limit is passed. */
    boolean countEntry(String path) {
        entries++;
        if (entries > limits.maxEntries()) {
            finding(InventoryRule.TOO_MANY_ENTRIES, path,
                    "more than " + limits.maxEntries() + " entries; the walk stopped here");
            stop("more than " + limits.maxEntries() + " entries: inventory incomplete");
            return false;
        }
        return true;
    }

    WalkResult result(ArchiveDigests rootDigests) {
        return new WalkResult(findings, errors, entries, archives, inflated, rootDigests);
    }
}
