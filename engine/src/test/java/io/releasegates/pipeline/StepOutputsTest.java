package io.releasegates.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.EvidenceJson;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepOutputsTest {
    private static final GateReport REPORT = GateReport.builder("scan").title("Scan of shop.war")
            .subject("pkg:maven/org.yaml/snakeyaml@1.33")
            .finding(Finding.builder("CVE-2022-1471", Severity.HIGH).subject("pkg:maven/org.yaml/snakeyaml@1.33").build())
            .finding(Finding.builder("RG-RISKY-ENV", Severity.MEDIUM).location(".env").build())
            .finding(Finding.builder("RG-RISKY-GIT", Severity.MEDIUM).location(".git/").build())
            .summary("components", 12)
            .build();

    @Test
    void shouldWriteEveryRenderingUnderFixedNames(@TempDir Path dir) throws Exception {
        StepOutputs out = StepOutputs.write(REPORT, dir.resolve("release-gates"), "scan", Severity.HIGH);

        assertThat(out.files()).containsEntry("json", "scan.json").containsEntry("sarif", "scan.sarif")
                .containsEntry("junit", "scan.junit.xml").containsEntry("html", "scan.html");
        for (String name : out.files().values()) {
            assertThat(dir.resolve("release-gates").resolve(name)).isNotEmptyFile();
        }
        assertThat(EvidenceJson.read(dir.resolve("release-gates/scan.json")).findings()).hasSize(3);
        assertThat(Files.readString(dir.resolve("release-gates/scan.sarif"))).contains("CVE-2022-1471");
    }

    @Test
    void shouldCountEverySeverityWorstFirstAndDecideByThreshold(@TempDir Path dir) throws Exception {
        StepOutputs high = StepOutputs.write(REPORT, dir, "scan", Severity.HIGH);
        StepOutputs critical = StepOutputs.write(REPORT, dir, "scan", Severity.CRITICAL);

        assertThat(high.counts()).containsExactly(java.util.Map.entry("critical", 0L), java.util.Map.entry("high", 1L),
                java.util.Map.entry("medium", 2L), java.util.Map.entry("low", 0L), java.util.Map.entry("info", 0L));
        assertThat(high.passed()).isFalse();
        assertThat(critical.passed()).isTrue();
        assertThat(high.countAtLeast(Severity.MEDIUM)).isEqualTo(3);
        assertThat(high.summary()).containsEntry("components", 12L);
        assertThat(high.gate()).isEqualTo("scan");
        assertThat(high.title()).isEqualTo("Scan of shop.war");
    }

    @Test
    void shouldNeverPassAnIncompleteRun(@TempDir Path dir) throws Exception {
        GateReport incomplete = GateReport.builder("scan").error("nvd feed unreadable").build();

        StepOutputs out = StepOutputs.write(incomplete, dir, "scan", Severity.CRITICAL);

        assertThat(out.passed()).isFalse();
        assertThat(out.errors()).containsExactly("nvd feed unreadable");
    }

    @Test
    void shouldRefuseBaseNamesThatLeaveTheFolder(@TempDir Path dir) {
        assertThatThrownBy(() -> StepOutputs.write(REPORT, dir, "../scan", Severity.HIGH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StepOutputs.write(REPORT, dir, "a/b", Severity.HIGH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
