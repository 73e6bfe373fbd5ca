package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release-gates scan} exit codes and reports on the sample releases. */
class ScanCommandTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories");

    @TempDir
    Path tmp;

    @Test
    void shouldExitOneOnTheVulnerableWarWithCveRuleIdsAndPathsInSarif() throws Exception {
        Path sarif = tmp.resolve("scan.sarif");
        int code = ReleaseGatesCommand.run("scan", FIXTURES.resolve("sample-vulnerable.war").toString(),
                "--nvd-records", ADVISORIES.resolve("nvd").toString(), "--osv", ADVISORIES.resolve("osv").toString(),
                "--data-dir", tmp.resolve("data").toString(), "--sarif", sarif.toString(),
                "--junit", tmp.resolve("junit.xml").toString(), "--html", tmp.resolve("scan.html").toString(),
                "--evidence-dir", tmp.resolve("evidence").toString(), "--quiet");
        assertThat(code).isEqualTo(ExitCodes.FINDINGS);
        JsonNode run = Json.mapper().readTree(sarif.toFile()).path("runs").get(0);
        Set<String> rules = new HashSet<>();
        run.path("results").forEach(r -> rules.add(r.path("ruleId").asText()));
        assertThat(rules).contains("CVE-2021-44832", "CVE-2022-1471", "CVE-2022-42889", "RG-SCAN-SECRET-AWS-KEY", "RG-SCAN-RISKY-VCS");
        JsonNode yaml = null;
        for (JsonNode r : run.path("results")) {
            if (r.path("ruleId").asText().equals("CVE-2022-1471")) {
                yaml = r;
            }
        }
        assertThat(yaml).isNotNull();
        assertThat(yaml.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo("WEB-INF/lib/snakeyaml-1.33.jar");
        assertThat(yaml.path("properties").path("purl").asText()).isEqualTo("pkg:maven/org.yaml/snakeyaml@1.33");
        assertThat(Files.readString(sarif)).doesNotContain("AKIAIOSFODNN7EXAMPLE");
        assertThat(Files.readString(tmp.resolve("scan.html"))).doesNotContain("AKIAIOSFODNN7EXAMPLE");
        assertThat(tmp.resolve("evidence/scan.json")).isRegularFile();
        assertThat(tmp.resolve("junit.xml")).isRegularFile();
    }

    @Test
    void shouldExitZeroOnTheFixedWar() {
        int code = ReleaseGatesCommand.run("scan", FIXTURES.resolve("sample-fixed.war").toString(),
                "--osv", ADVISORIES.resolve("osv").toString(), "--data-dir", tmp.resolve("data").toString(), "--quiet");
        assertThat(code).isEqualTo(ExitCodes.OK);
    }

    @Test
    void shouldListJarsWithoutIdentityAndWarnAboutAnUnreachableChecksumSearch() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path emptyRepo = Files.createDirectories(tmp.resolve("empty-m2"));
        ScanNvdApiCommandTest.Run run = ScanNvdApiCommandTest.run("scan", FIXTURES.resolve("sample-fixed.war").toString(),
                "--osv", ADVISORIES.resolve("osv").toString(), "--data-dir", tmp.resolve("data").toString(),
                "--maven-repo", emptyRepo.toString(), "--checksum-search", "http://127.0.0.1:" + closedPort,
                "--checksum-search-type", "nexus", "--json", tmp.resolve("scan.json").toString(), "--quiet");

        // an unknown identity is not a known vulnerability: exit 0 at the default --fail-on high, but listed
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("warning: checksum search nexus http://127.0.0.1:" + closedPort + " failed for ")
                .contains("component(s) without identity (RG-INV-UNIDENTIFIED; vulnerabilities unknown):")
                .contains("  WEB-INF/lib/spring-core-5.3.39.jar  spring-core 5.3.39 (manifest, medium confidence)");
        assertThat(Files.readString(tmp.resolve("scan.json"))).contains("RG-INV-IDENTITY-INCOMPLETE")
                .contains("RG-INV-SEARCH-FAILED");
    }

    @Test
    void shouldExitTwoWithoutVulnerabilityDataNamingTheFlags() {
        ScanNvdApiCommandTest.Run run = ScanNvdApiCommandTest.run("scan", FIXTURES.resolve("sample-fixed.war").toString(),
                "--data-dir", tmp.resolve("empty").toString(), "--quiet");
        assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
        // the engine names the settings by key; the CLI prints its flags
        assertThat(run.err()).startsWith("release-gates: no vulnerability data: give --nvd-datafeed URL|DIR, --osv DIR|ZIP or a"
                + " --data-dir holding an NVD database");
    }

    @Test
    void shouldExitTwoOnACorruptDataFeed() throws Exception {
        Path feed = Files.createDirectories(tmp.resolve("feed"));
        Files.writeString(feed.resolve("cache.properties"), "lastModifiedDate=2026-01-01T00\\:00\\:00Z\n");
        Files.write(feed.resolve("nvdcve-modified.json.gz"), new byte[] {1, 2, 3});
        int code = ReleaseGatesCommand.run("scan", FIXTURES.resolve("sample-fixed.war").toString(),
                "--nvd-datafeed", feed.toString(), "--data-dir", tmp.resolve("data").toString(), "--quiet");
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void shouldExitTwoOnABadDuration() {
        int code = ReleaseGatesCommand.run("scan", FIXTURES.resolve("sample-fixed.war").toString(),
                "--osv", ADVISORIES.resolve("osv").toString(), "--max-data-age", "soon", "--quiet");
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void shouldAcceptTheSameDurationsAsCheckAndThePlugin() {
        assertThat(ScanCommand.parseDuration("2w")).isEqualTo(java.time.Duration.ofDays(14));
        assertThat(ScanCommand.parseDuration("1d12h")).isEqualTo(java.time.Duration.ofHours(36));
        assertThat(ScanCommand.parseDuration("P30D")).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(ScanCommand.parseDuration("45s")).isEqualTo(java.time.Duration.ofSeconds(45));
    }
}
