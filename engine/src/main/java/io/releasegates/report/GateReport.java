package io.releasegates.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one gate run found: the shared result every renderer (JSON evidence, SARIF, JUnit, HTML) reads.
 *
 * @param gate        {@code inventory}, {@code scan}, {@code backups}, {@code integrity}, {@code gate}
 * @param toolVersion release-gates version that produced it
 * @param generatedAt when the run finished
 * @param title       heading for people, e.g. "Scan of sample.war"
 * @param inputs      files the run read (package hash, configs, data)
 * @param dataAsOf    age of external data by name (e.g. {@code nvd} → last modified record), for freshness rules
 * @param subjects    everything examined, so that a clean subject still shows up as a passed JUnit test case
 * @param findings    every problem, all collected before deciding
 * @param errors      problems that made the run incomplete; a report with errors never counts as clean
 * @param summary     small counts for people and trends (components, files, copies…)
 */
public record GateReport(String gate, String toolVersion, Instant generatedAt, String title, List<Input> inputs,
                         Map<String, Instant> dataAsOf, List<String> subjects, List<Finding> findings,
                         List<String> errors, Map<String, Long> summary) {

    public GateReport {
        Objects.requireNonNull(gate, "gate");
        toolVersion = toolVersion == null ? ToolVersion.get() : toolVersion;
        generatedAt = generatedAt == null ? Instant.now() : generatedAt;
        title = title == null ? gate : title;
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        dataAsOf = java.util.Collections.unmodifiableMap(new TreeMap<>(dataAsOf == null ? Map.of() : dataAsOf));
        subjects = List.copyOf(subjects == null ? List.of() : subjects);
        List<Finding> sorted = new ArrayList<>(findings == null ? List.of() : findings);
        sorted.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Finding::ruleId).thenComparing(Finding::subject).thenComparing(Finding::location));
        findings = List.copyOf(sorted);
        errors = List.copyOf(errors == null ? List.of() : errors);
        summary = java.util.Collections.unmodifiableMap(new TreeMap<>(summary == null ? Map.of() : summary));
    }

    public static Builder builder(String gate) {
        return new Builder(gate);
    }

    /** True when no finding reaches {@code threshold} and the run was complete. */
    public boolean passes(Severity threshold) {
        return errors.isEmpty() && findings.stream().noneMatch(f -> f.severity().isAtLeast(threshold));
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** Collects findings while a gate runs; {@link #build()} freezes them. */
    public static final class Builder {
        private final String gate;
        private String toolVersion;
        private Instant generatedAt;
        private String title;
        private final List<Input> inputs = new ArrayList<>();
        private final Map<String, Instant> dataAsOf = new TreeMap<>();
        private final List<String> subjects = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private final Map<String, Long> summary = new TreeMap<>();

        private Builder(String gate) {
            this.gate = gate;
        }

        public Builder toolVersion(String value) {
            this.toolVersion = value;
            return this;
        }

        public Builder generatedAt(Instant value) {
            this.generatedAt = value;
            return this;
        }

        public Builder title(String value) {
            this.title = value;
            return this;
        }

        public Builder input(Input value) {
            inputs.add(value);
            return this;
        }

        public Builder dataAsOf(String name, Instant value) {
            dataAsOf.put(name, value);
            return this;
        }

        public Builder subject(String value) {
            subjects.add(value);
            return this;
        }

        public Builder finding(Finding value) {
            findings.add(value);
            return this;
        }

        public Builder findings(List<Finding> values) {
            findings.addAll(values);
            return this;
        }

        public Builder error(String value) {
            errors.add(value);
            return this;
        }

        public Builder summary(String key, long value) {
            summary.put(key, value);
            return this;
        }

        public GateReport build() {
            return new GateReport(gate, toolVersion, generatedAt, title, inputs, dataAsOf, subjects, findings, errors,
                    summary);
        }
    }
}
