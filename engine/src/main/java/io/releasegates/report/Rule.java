package io.releasegates.report;

/**
 * A kind of finding a gate reports: its stable id (documented in docs/rules.md, never reused for another meaning),
 * a title and the severity it is reported at. Each gate lists its rules in an enum implementing this.
 */
public interface Rule {
    /** The rule's three facts; each enum constant holds one. */
    record Spec(String id, String title, Severity severity) {
    }

    Spec spec();

    default String id() {
        return spec().id();
    }

    default String title() {
        return spec().title();
    }

    default Severity severity() {
        return spec().severity();
    }

    /** Starts a finding of this rule at its severity, titled; callers add subject, location and message. */
    default Finding.Builder finding() {
        return finding(severity());
    }

    /** Starts a finding of this rule at the given severity, titled; callers add subject, location and message. */
    default Finding.Builder finding(Severity actual) {
        return Finding.builder(id(), actual).title(title());
    }
}
