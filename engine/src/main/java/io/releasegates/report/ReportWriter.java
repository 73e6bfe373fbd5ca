package io.releasegates.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a report in one format; writes to a sibling temp file first so a crash never leaves half a report. */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static String render(GateReport report, ReportFormat format, Severity threshold) {
        return switch (format) {
            case JSON -> EvidenceJson.render(report);
            case SARIF -> SarifRenderer.render(report);
            case JUNIT -> JUnitRenderer.render(report, threshold);
            case HTML -> HtmlRenderer.render(report, threshold);
        };
    }

    public static void write(GateReport report, ReportFormat format, Severity threshold, Path target) throws IOException {
        writeAtomically(target, render(report, format, threshold));
    }

    public static void writeAtomically(Path target, String content) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
