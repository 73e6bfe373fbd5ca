package io.releasegates.integrity;

import io.releasegates.report.Severity;
import java.util.List;
import java.util.Objects;

/**
 * How serious a change to matching paths is, for the alerts of {@code integrity watch}. Recorded in the signed
 * baseline ({@code integrity baseline --severity GLOB=LEVEL}), so that an intruder cannot quietly downgrade the
 * alerts for {@code sudoers}. Globs follow {@link PathFilter}'s grammar; the first matching rule wins, and a path no
 * rule matches is {@link #DEFAULT}.
 *
 * @param glob     a {@link PathFilter} glob
 * @param severity the severity of alerts on matching paths
 */
public record SeverityRule(String glob, Severity severity) {
    public static final Severity DEFAULT = Severity.HIGH;

    public SeverityRule {
        Objects.requireNonNull(glob, "glob");
        Objects.requireNonNull(severity, "severity");
        new PathFilter(List.of(glob), List.of());
    }

    /** Parses {@code GLOB=LEVEL}, e.g. {@code sudoers*=critical}; the message names the text. */
    public static SeverityRule parse(String text) {
        int eq = text == null ? -1 : text.lastIndexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("severity rule '" + text + "' is not GLOB=LEVEL (e.g. 'sudoers*=critical')");
        }
        return new SeverityRule(text.substring(0, eq), Severity.parse(text.substring(eq + 1)));
    }

    /** The severity of a change at {@code relativePath}: the first matching rule's, else {@link #DEFAULT}. */
    public static Severity of(List<SeverityRule> rules, String relativePath) {
        for (SeverityRule r : rules) {
            if (new PathFilter(List.of(r.glob()), List.of()).keeps(relativePath)) {
                return r.severity();
            }
        }
        return DEFAULT;
    }
}
