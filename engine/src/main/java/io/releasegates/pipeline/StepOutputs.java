package io.releasegates.pipeline;

import io.releasegates.gate.EvidenceFiles;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.GateReport;
import io.releasegates.report.ReportFormat;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a CI step (the Jenkins plugin) leaves behind for one gate run: all four renderings under fixed names in one
 * folder, so that Warnings NG finds the SARIF and {@code junit} the XML without configuration, plus the small numbers
 * a build page and a trend show. Kept here rather than in the plugin so it is tested without Jenkins.
 *
 * @param gate     the report's gate
 * @param title    the report's title
 * @param passed   no finding at or above the threshold and the run was complete
 * @param errors   why the run was incomplete (empty when complete)
 * @param counts   findings per severity label, every severity present (0 when none), worst first
 * @param summary  the report's own counts (components, files, copies…)
 * @param files    file name per format ({@code json}, {@code sarif}, {@code junit}, {@code html}), relative to the folder
 */
public record StepOutputs(String gate, String title, boolean passed, List<String> errors, Map<String, Long> counts,
                          Map<String, Long> summary, Map<String, String> files) {

    public StepOutputs {
        errors = List.copyOf(errors);
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** File name of one rendering: {@code <baseName>.json}, {@code .sarif}, {@code .junit.xml}, {@code .html}. */
    public static String fileName(String baseName, ReportFormat format) {
        return baseName + switch (format) {
            case JSON -> ".json";
            case SARIF -> ".sarif";
            case JUNIT -> ".junit.xml";
            case HTML -> ".html";
        };
    }

    /** Writes every rendering of {@code report} into {@code dir} (created when missing) and summarises it. */
    public static StepOutputs write(GateReport report, Path dir, String baseName, Severity threshold) throws IOException {
        return write(report, dir, baseName, threshold, null);
    }

    /**
     * As {@link #write(GateReport, Path, String, Severity)}, with the JSON evidence signed by {@code key} when it is
     * not null: the key the promotion gate's step is given, which blocks unsigned evidence (docs/evidence.md).
     */
    public static StepOutputs write(GateReport report, Path dir, String baseName, Severity threshold, SigningKey key)
            throws IOException {
        EvidenceFiles.requireSigning(key);
        if (baseName == null || !baseName.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("report base name must be a plain file name: " + baseName);
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (ReportFormat format : ReportFormat.values()) {
            String name = fileName(baseName, format);
            if (format == ReportFormat.JSON) {
                EvidenceFiles.write(report, key, dir.resolve(name));
            } else {
                ReportWriter.write(report, format, threshold, dir.resolve(name));
            }
            files.put(format.name().toLowerCase(java.util.Locale.ROOT), name);
        }
        return new StepOutputs(report.gate(), report.title(), report.passes(threshold), report.errors(),
                counts(report), report.summary(), files);
    }

    /** Findings per severity, worst first, with zeros, so that trends line up across builds. */
    public static Map<String, Long> counts(GateReport report) {
        Severity[] all = Severity.values();
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = all.length - 1; i >= 0; i--) {
            out.put(all[i].label(), report.count(all[i]));
        }
        return out;
    }

    /** Total findings at or above {@code threshold}. */
    public long countAtLeast(Severity threshold) {
        long n = 0;
        for (Severity s : Severity.values()) {
            if (s.isAtLeast(threshold)) {
                n += counts.getOrDefault(s.label(), 0L);
            }
        }
        return n;
    }
}
