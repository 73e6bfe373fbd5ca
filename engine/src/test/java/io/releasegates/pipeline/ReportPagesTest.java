package io.releasegates.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.EvidenceJson;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.HtmlPage;
import io.releasegates.report.Input;
import io.releasegates.report.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's stored JSON rendered again as a fragment for the CI server's own page. */
class ReportPagesTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    private GateReport scan(Path pkg) throws Exception {
        return GateReport.builder("scan").title("Scan of <shop>.war").generatedAt(NOW.minusSeconds(60))
                .input(new Input("package", pkg.toString(), Digests.sha256(pkg)))
                .subject("pkg:maven/org.yaml/snakeyaml@1.33")
                .finding(Finding.builder("CVE-2022-1471", Severity.HIGH).subject("pkg:maven/org.yaml/snakeyaml@1.33")
                        .message("<img src=x onerror=alert(1)>").build())
                .build();
    }

    @Test
    void shouldRenderEvidenceAsAnEscapedFragmentWithoutThePageShell() throws Exception {
        Path pkg = Files.writeString(dir.resolve("shop.war"), "war");
        Path json = Files.writeString(dir.resolve("scan.json"), EvidenceJson.render(scan(pkg)));

        HtmlPage.Fragment warn = ReportPages.render(json, false);
        HtmlPage.Fragment pass = ReportPages.render(json, true);

        assertThat(warn.title()).isEqualTo("Scan of <shop>.war");
        assertThat(warn.body()).contains("<h1>Scan of &lt;shop&gt;.war</h1>").contains("id=\"status\">WARN<")
                .contains("CVE-2022-1471").contains("&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<img").doesNotContain("<script").doesNotContain("<style").doesNotContain("<html")
                .doesNotContain("FAIL");
        assertThat(pass.body()).contains("id=\"status\">PASS<");
    }

    @Test
    void shouldRenderTheVerdictWithItsReasons() throws Exception {
        Path pkg = Files.writeString(dir.resolve("shop.war"), "war");
        Path policy = Files.writeString(dir.resolve("policy.yml"), """
                schema: release-gates/policy/v1
                max-evidence-age: 24h
                environments:
                  production:
                    require: [scan]
                gates:
                  scan:
                    block-at: high
                """);
        io.releasegates.gate.GateRequest request = io.releasegates.gate.GateRequest.builder(policy, "production")
                .runEvidence(Map.of("scan.json", EvidenceJson.render(scan(pkg)).getBytes(StandardCharsets.UTF_8)),
                        dir.resolve("work")).packageFile(pkg).verdictFiles(dir.resolve("out"), "gate").now(NOW).build();
        Promotion p = Promotion.of(request, io.releasegates.gate.PromotionGate.judge(request));
        assertThat(p.status()).isEqualTo("BLOCK");

        HtmlPage.Fragment page = ReportPages.render(dir.resolve("out/gate.json"), true);

        assertThat(page.title()).isEqualTo("Promotion gate BLOCK — production");
        assertThat(page.body()).contains("id=\"verdict\">BLOCK<").contains("CVE-2022-1471").contains("unsigned")
                .doesNotContain("<script").doesNotContain("style=\"");
    }

    @Test
    void shouldRefuseAnythingElseInOneLineNamingTheFile() throws Exception {
        Path other = Files.writeString(dir.resolve("other.json"), "{\"schema\":\"something/else\"}");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schema\":");

        assertThatThrownBy(() -> ReportPages.render(other, true)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("other.json").hasMessageContaining("neither gate evidence nor a verdict")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ReportPages.render(broken, true)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("broken.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ReportPages.render(dir.resolve("missing.json"), true))
                .isInstanceOf(BadInputException.class).hasMessageContaining("missing.json");
    }
}
