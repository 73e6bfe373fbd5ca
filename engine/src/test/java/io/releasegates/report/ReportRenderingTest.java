package io.releasegates.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class ReportRenderingTest {
    private static final GateReport REPORT = GateReport.builder("scan")
            .title("Scan of <shop>.war")
            .generatedAt(Instant.parse("2026-11-28T10:00:00Z"))
            .input(new Input("package", "shop.war", "ab".repeat(32)))
            .subject("pkg:maven/org.yaml/snakeyaml@1.33")
            .subject("pkg:maven/org.slf4j/slf4j-api@1.7.36")
            .finding(Finding.builder("CVE-2022-1471", Severity.HIGH).title("SnakeYAML Constructor deserialization")
                    .subject("pkg:maven/org.yaml/snakeyaml@1.33").location("WEB-INF/lib/snakeyaml-1.33.jar")
                    .message("<script>alert(1)</script>").property("cvssScore", "8.3").build())
            .finding(Finding.builder("RG-SECRET-ENV", Severity.MEDIUM).location(".env").message("env file").build())
            .build();

    @Test
    void shouldRenderSarifWithOneRulePerIdAndPackageLocations() throws IOException {
        JsonNode sarif = Json.mapper().readTree(SarifRenderer.render(REPORT));

        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("rules")).hasSize(2);
        JsonNode first = run.path("results").get(0);
        assertThat(first.path("ruleId").asText()).isEqualTo("CVE-2022-1471");
        assertThat(first.path("level").asText()).isEqualTo("error");
        assertThat(first.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("WEB-INF/lib/snakeyaml-1.33.jar");
        assertThat(first.at("/properties/cvssScore").asText()).isEqualTo("8.3");
    }

    @Test
    void shouldFailOnlySubjectsWithFindingsAtTheThresholdInJUnit() throws Exception {
        Document doc = parse(JUnitRenderer.render(REPORT, Severity.HIGH));

        assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("3");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        assertThat(doc.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("type").getNodeValue())
                .isEqualTo("CVE-2022-1471");
    }

    @Test
    void shouldEscapeEveryStringInHtml() {
        String html = HtmlRenderer.render(REPORT, Severity.HIGH);

        assertThat(html).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("Scan of &lt;shop&gt;.war").contains("id=\"status\">WARN<").doesNotContain("FAIL");
    }

    @Test
    void shouldSplitAWrappedPageBackIntoItsTitleAndBody() {
        String body = "<h1>a &amp; b</h1>\n<p>text</p>";
        String page = HtmlPage.wrap("Scan of <shop> & \"co\"", body);

        HtmlPage.Fragment fragment = HtmlPage.split(page).orElseThrow();

        assertThat(fragment.title()).isEqualTo("Scan of <shop> & \"co\"");
        assertThat(fragment.body()).isEqualTo(body);
        assertThat(HtmlPage.split("{\"json\":true}")).isEmpty();
        assertThat(HtmlPage.split(page.replace("</script>", ""))).isEmpty();
    }

    @Test
    void shouldRoundTripEvidenceJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("scan.json");
        ReportWriter.write(REPORT, ReportFormat.JSON, Severity.HIGH, file);

        GateReport back = EvidenceJson.read(file);

        assertThat(back).isEqualTo(REPORT);
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void shouldRefuseUnknownEvidenceSchemaNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("scan.json");
        Files.writeString(file, "{\"schema\":\"release-gates/evidence/v99\",\"gate\":\"scan\"}");

        assertThatThrownBy(() -> EvidenceJson.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("unknown evidence schema");
    }

    @Test
    void shouldNotPassWhenTheRunWasIncomplete() {
        GateReport incomplete = GateReport.builder("scan").error("advisories.zip: truncated").build();

        assertThat(incomplete.passes(Severity.CRITICAL)).isFalse();
        assertThat(REPORT.passes(Severity.CRITICAL)).isTrue();
        assertThat(REPORT.passes(Severity.HIGH)).isFalse();
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
