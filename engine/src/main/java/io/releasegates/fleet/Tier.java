package io.releasegates.fleet;

import java.time.Duration;

/** Update cadence tiers: how long a newer version may wait before a host running an older one is out of policy. */
public enum Tier {
    NOT_SERVING("not-serving", Duration.ofDays(1)),
    INDIRECT("indirect", Duration.ofDays(7)),
    /** On a date agreed with the business, per component and environment. */
    DIRECT("direct", null);

    private final String label;
    private final Duration allowance;

    Tier(String label, Duration allowance) {
        this.label = label;
        this.allowance = allowance;
    }

    public String label() {
        return label;
    }

    /** Null for {@link #DIRECT}, whose deadline is a date, not a duration. */
    public Duration allowance() {
        return allowance;
    }

    public static Tier parse(String text) {
        for (Tier t : values()) {
            if (t.label.equalsIgnoreCase(text == null ? "" : text.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tier '" + text + "' (not-serving, indirect, direct)");
    }
}
