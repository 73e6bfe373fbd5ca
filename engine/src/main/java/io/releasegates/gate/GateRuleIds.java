package io.releasegates.gate;

/** The promotion gate's own rule ids, documented in docs/rules.md; findings of the judged gates keep their ids. */
public final class GateRuleIds {
    public static final String EVIDENCE_MISSING = "RG-GATE-EVIDENCE-MISSING";
    public static final String EVIDENCE_UNREADABLE = "RG-GATE-EVIDENCE-UNREADABLE";
    public static final String EVIDENCE_SCHEMA = "RG-GATE-EVIDENCE-SCHEMA";
    public static final String EVIDENCE_UNSIGNED = "RG-GATE-EVIDENCE-UNSIGNED";
    public static final String EVIDENCE_SIGNATURE = "RG-GATE-EVIDENCE-SIGNATURE";
    public static final String EVIDENCE_DUPLICATE = "RG-GATE-EVIDENCE-DUPLICATE";
    public static final String EVIDENCE_INCOMPLETE = "RG-GATE-EVIDENCE-INCOMPLETE";
    public static final String EVIDENCE_STALE = "RG-GATE-EVIDENCE-STALE";
    public static final String EVIDENCE_FUTURE = "RG-GATE-EVIDENCE-FUTURE";
    public static final String EVIDENCE_FRESH = "RG-GATE-EVIDENCE-FRESH";
    public static final String DATA_STALE = "RG-GATE-DATA-STALE";
    public static final String DATA_AGE_UNKNOWN = "RG-GATE-DATA-AGE-UNKNOWN";
    public static final String DATA_FRESH = "RG-GATE-DATA-FRESH";
    public static final String PACKAGE_MISMATCH = "RG-GATE-PACKAGE-MISMATCH";
    public static final String PACKAGE_INCONSISTENT = "RG-GATE-PACKAGE-INCONSISTENT";
    public static final String PACKAGE_UNNAMED = "RG-GATE-PACKAGE-UNNAMED";
    public static final String PACKAGE_UNKNOWN = "RG-GATE-PACKAGE-UNKNOWN";
    public static final String PACKAGE_MATCH = "RG-GATE-PACKAGE-MATCH";
    public static final String FINDINGS_SUMMARY = "RG-GATE-FINDINGS";
    public static final String WAIVER_EXPIRED = "RG-GATE-WAIVER-EXPIRED";
    public static final String NOT_REQUIRED = "RG-GATE-NOT-REQUIRED";

    private GateRuleIds() {
    }
}
