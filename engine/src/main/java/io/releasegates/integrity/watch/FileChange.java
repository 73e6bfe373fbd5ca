package io.releasegates.integrity.watch;

import com.fasterxml.jackson.annotation.JsonValue;
import io.releasegates.integrity.IntegrityRule;
import java.util.Optional;

/** What changed at a path, as an alert says it; each kind is one drift rule of {@code integrity check}. */
public enum FileChange {
    ADDED("added", IntegrityRule.ADDED),
    REMOVED("removed", IntegrityRule.REMOVED),
    MODIFIED("modified", IntegrityRule.MODIFIED),
    MODE("mode", IntegrityRule.MODE),
    OWNER("owner", IntegrityRule.OWNER),
    TYPE("type", IntegrityRule.TYPE),
    LINK_TARGET("link-target", IntegrityRule.RETARGETED);

    private final String label;
    private final IntegrityRule rule;

    FileChange(String label, IntegrityRule rule) {
        this.label = label;
        this.rule = rule;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public IntegrityRule rule() {
        return rule;
    }

    /**
     * The change a drift finding stands for; empty for findings that are about the path as it is rather than a
     * change (a symlink leaving the tree, a FIFO, an unreadable file), which the check reports on every run.
     */
    public static Optional<FileChange> ofRule(String ruleId) {
        for (FileChange c : values()) {
            if (c.rule.id().equals(ruleId)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public static FileChange fromLabel(String label) {
        for (FileChange c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown change '" + label + "' (expected added, removed, modified, mode, "
                + "owner, type or link-target)");
    }
}
