package io.releasegates.fleet;

/** The cadence verdict for one installed version. */
public enum Compliance {
    /** No newer version is known. */
    CURRENT("current"),
    /** A newer version exists, but the tier still allows time (or the agreed date has not passed). */
    WITHIN_POLICY("within-policy"),
    OUT_OF_POLICY("out-of-policy"),
    /** Direct tier without an agreed date for this environment: nobody decided when, so it is flagged. */
    NO_AGREED_DATE("no-agreed-date");

    private final String label;

    Compliance(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean outOfPolicy() {
        return this == OUT_OF_POLICY;
    }
}
