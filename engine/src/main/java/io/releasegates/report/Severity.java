package io.releasegates.report;

import java.util.Locale;

/** Ordered from harmless to worst, so that {@link #isAtLeast} is a plain ordinal comparison. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public boolean isAtLeast(Severity threshold) {
        return compareTo(threshold) >= 0;
    }

    /** Parses user input such as {@code high} or {@code HIGH}; the message names the accepted values. */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown severity '" + text + "' (expected info, low, medium, high or critical)", e);
        }
    }

    /** CVSS v3 qualitative rating scale (FIRST CVSS v3.1 specification, section 5). */
    public static Severity fromCvss(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score > 0.0 ? LOW : INFO;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
