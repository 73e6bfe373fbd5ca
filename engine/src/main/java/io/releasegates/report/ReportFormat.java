package io.releasegates.report;

import java.util.Locale;

/** The renderings every gate offers. */
public enum ReportFormat {
    JSON, SARIF, JUNIT, HTML;

    public static ReportFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown report format '" + text + "' (expected json, sarif, junit or html)", e);
        }
    }
}
