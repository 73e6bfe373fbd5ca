package io.releasegates.gate;

import java.util.Locale;

/**
 * Outcome of one condition and of the whole verdict, ordered from harmless to worst like Warnings NG quality gates:
 * the verdict is the worst status of its conditions, never better than {@link #PASS}.
 */
public enum Status {
    /** Not judged (evidence of a gate the environment does not require); never the verdict itself. */
    SKIPPED,
    PASS,
    WARN,
    BLOCK;

    public static Status worst(Status a, Status b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public String label() {
        return name();
    }

    public String cssClass() {
        return name().toLowerCase(Locale.ROOT);
    }
}
