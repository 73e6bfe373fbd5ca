package io.releasegates.cli;

import io.releasegates.gate.EvidenceFiles;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.GateReport;
import io.releasegates.report.ReportFormat;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The report outputs and threshold every gate command shares (picocli mixin). */
final class ReportOptions {
    @Option(names = "--sarif", paramLabel = "FILE", description = "Write SARIF 2.1.0 here.")
    Path sarif;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here.")
    Path junit;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON evidence here.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report here.")
    Path html;

    @Option(names = "--evidence-dir", paramLabel = "DIR",
            description = "Also write the JSON evidence as DIR/<gate>.json for the promotion gate.")
    Path evidenceDir;

    @Option(names = "--evidence-key", paramLabel = "KEYFILE",
            description = "Sign the JSON evidence (--json, --evidence-dir) with this key (Ed25519 PEM private key or "
                    + "HMAC-SHA256 hex secret), the one 'gate --key' signs the verdict with: a gate with a key blocks "
                    + "unsigned evidence.")
    Path evidenceKey;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "Exit 1 when a finding at or above this severity remains (info, low, medium, high, critical; default: ${DEFAULT-VALUE}).")
    String failOn;

    Severity threshold() {
        return Severity.parse(failOn);
    }

    /** Writes every requested rendering and returns the exit code the report deserves. */
    int writeAndDecide(GateReport report) throws IOException {
        Severity threshold = threshold();
        SigningKey key = evidenceKey == null ? null : SigningKey.load(evidenceKey);
        EvidenceFiles.requireSigning(key);
        write(report, ReportFormat.SARIF, sarif, threshold);
        write(report, ReportFormat.JUNIT, junit, threshold);
        write(report, ReportFormat.HTML, html, threshold);
        if (json != null) {
            EvidenceFiles.write(report, key, json);
        }
        if (evidenceDir != null) {
            EvidenceFiles.write(report, key, evidenceDir.resolve(report.gate() + ".json"));
        }
        if (!report.errors().isEmpty()) {
            return ExitCodes.BAD_INPUT;
        }
        return report.passes(threshold) ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    private static void write(GateReport report, ReportFormat format, Path target, Severity threshold) throws IOException {
        if (target != null) {
            ReportWriter.write(report, format, threshold, target);
        }
    }
}
