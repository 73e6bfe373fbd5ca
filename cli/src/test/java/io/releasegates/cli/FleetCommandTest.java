package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.report.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetCommandTest {
    static final Path FLEET = Path.of(System.getProperty("releasegates.fixtureSources", "../test-fixtures")).resolve("fleet");

    @Test
    void shouldIngestReportAndExportThroughTheCommandLine(@TempDir Path dir) throws Exception {
        String store = dir.resolve("fleet").toString();
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-vulnerable.cdx.json").toString(),
                "--host", "web-2", "--environment", "production", "--role", "web", "--store", store)).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-fixed.cdx.xml").toString(),
                "--host", "web-1", "--environment", "production", "--store", store)).isEqualTo(0);
        Path feed = dir.resolve("feed.csv");
        Files.writeString(feed, "purl,first_seen\npkg:maven/org.yaml/snakeyaml@2.2,2025-01-01\n");
        assertThat(ReleaseGatesCommand.run("fleet", "available", feed.toString(), "--store", store)).isEqualTo(0);

        Path json = dir.resolve("fleet.json");
        // snakeyaml 2.2 has been out for long: both hosts are out of policy, findings are high, exit 1
        assertThat(ReleaseGatesCommand.run("fleet", "report", "--store", store, "--json", json.toString())).isEqualTo(1);
        assertThat(Files.readString(json)).contains("RG-FLEET-001").contains("pkg:maven/org.yaml/snakeyaml@1.33");

        Path csv = dir.resolve("components.csv");
        assertThat(ReleaseGatesCommand.run("fleet", "export", "components.csv", "-o", csv.toString(), "--store", store)).isEqualTo(0);
        assertThat(Files.readAllLines(csv)).anyMatch(l -> l.startsWith("pkg:maven/org.apache.logging.log4j/log4j-core,"
                + "org.apache.logging.log4j:log4j-core,maven,2.14.1,1,2.17.1"));
    }

    @Test
    void shouldImportScanEvidenceWrittenByTheScanCommand(@TempDir Path dir) throws Exception {
        Path fixtures = Path.of(System.getProperty("releasegates.fixtures"));
        Path advisories = FLEET.getParent().resolve("advisories");
        Path evidence = dir.resolve("scan.json");
        assertThat(ReleaseGatesCommand.run("scan", fixtures.resolve("sample-vulnerable.war").toString(), "--nvd-records",
                advisories.resolve("nvd").toString(), "--osv", advisories.resolve("osv").toString(), "--data-dir",
                dir.resolve("data").toString(), "--json", evidence.toString(), "--quiet")).isEqualTo(1);
        String store = dir.resolve("fleet").toString();
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-vulnerable.cdx.json").toString(),
                "--host", "web-2", "--store", store)).isEqualTo(0);
        Path before = dir.resolve("before.json");
        assertThat(ReleaseGatesCommand.run("fleet", "export", "components.json", "-o", before.toString(), "--store", store)).isEqualTo(0);
        assertThat(Files.readString(before)).doesNotContain("vulnerabilities");

        assertThat(ReleaseGatesCommand.run("fleet", "vulnerabilities", evidence.toString(), "--store", store)).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "vulnerabilities", evidence.toString(), "--store", store)).isEqualTo(0);
        Path csv = dir.resolve("components.csv");
        assertThat(ReleaseGatesCommand.run("fleet", "export", "components.csv", "-o", csv.toString(), "--store", store)).isEqualTo(0);
        assertThat(Files.readAllLines(csv)).anyMatch(l -> l.startsWith("pkg:maven/org.apache.logging.log4j/log4j-core,")
                && l.endsWith(",vulnerable,3,critical,CVE-2021-45046 CVE-2021-44832 CVE-2021-45105,1"));
        Path report = dir.resolve("fleet.json");
        assertThat(ReleaseGatesCommand.run("fleet", "report", "--store", store, "--json", report.toString())).isEqualTo(1);
        assertThat(Files.readString(report)).contains("RG-FLEET-003").contains("pkg:maven/org.yaml/snakeyaml@1.33");

        // an inventory SBOM is not scan evidence: exit 2, nothing imported
        assertThat(ReleaseGatesCommand.run("fleet", "vulnerabilities", FLEET.resolve("app-vulnerable.cdx.json").toString(),
                "--store", store)).isEqualTo(2);
    }

    @Test
    void shouldMatchTheStoresVersionsAgainstOsvAdvisories(@TempDir Path dir) throws Exception {
        String store = dir.resolve("fleet").toString();
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-fixed.cdx.xml").toString(),
                "--host", "web-1", "--store", store)).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "vulnerabilities", "--store", store)).isEqualTo(2);
        String osv = FLEET.getParent().resolve("advisories").resolve("osv").toString();
        assertThat(ReleaseGatesCommand.run("fleet", "vulnerabilities", "--osv", osv, "--store", store)).isEqualTo(0);
        Path csv = dir.resolve("components.csv");
        assertThat(ReleaseGatesCommand.run("fleet", "export", "components.csv", "-o", csv.toString(), "--store", store)).isEqualTo(0);
        // the "fixed" release still ships jackson-databind 2.13.2.1, below the 2.13.4.1 that fixes CVE-2022-42003
        assertThat(Files.readAllLines(csv)).anyMatch(l -> l.startsWith("pkg:maven/com.fasterxml.jackson.core/jackson-databind,")
                && l.contains(",2.13.2.1,") && l.endsWith(",vulnerable,1,high,CVE-2022-42003,1"));
        assertThat(Files.readAllLines(csv)).anyMatch(l -> l.startsWith("pkg:maven/org.apache.logging.log4j/log4j-core,")
                && l.endsWith(",none-known,0,,,0"));
    }

    @Test
    void shouldFailWithAOneLineErrorOnABrokenSbom(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"bomFormat\":\"CycloneDX\",\"components\":[");
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", broken.toString(), "--host", "h",
                "--store", dir.resolve("fleet").toString())).isEqualTo(2);
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", broken.toString())).isEqualTo(2);
    }

    @Test
    void shouldPruneOnlyHistoryOlderThanAtLeastADay(@TempDir Path dir) throws Exception {
        String store = dir.resolve("fleet").toString();
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-vulnerable.cdx.json").toString(),
                "--host", "web-1", "--store", store)).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-fixed.cdx.xml").toString(),
                "--host", "web-1", "--store", store)).isEqualTo(0);
        // 400m is minutes, not months: refused before the store is touched
        assertThat(ReleaseGatesCommand.run("fleet", "prune", "--older-than", "400m", "--store", store)).isEqualTo(2);
        assertThat(ReleaseGatesCommand.run("fleet", "prune", "--older-than", "a year", "--store", store)).isEqualTo(2);
        assertThat(ReleaseGatesCommand.run("fleet", "prune", "--store", store)).isEqualTo(2);
        assertThat(ReleaseGatesCommand.run("fleet", "prune", "--older-than", "1d", "--store", store)).isEqualTo(0);
        try (FleetStore s = FleetStores.open(store)) {
            assertThat(s.hostHistory(s.host("web-1").orElseThrow().id())).hasSize(2);
            assertThat(s.reports(null)).hasSize(2);
        }
    }

    @Test
    void shouldPrintWhatChangedOnAHost(@TempDir Path dir) throws Exception {
        String store = dir.resolve("fleet").toString();
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-vulnerable.cdx.json").toString(),
                "--host", "web-1", "--store", store)).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-fixed.cdx.xml").toString(),
                "--host", "web-1", "--store", store)).isEqualTo(0);

        StringWriter text = new StringWriter();
        assertThat(ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(text, true))
                .execute("fleet", "changes", "web-1", "--store", store)).isEqualTo(0);
        assertThat(text.toString()).contains("web-1 (default, role default): 2 package set(s) kept")
                .contains("  up    org.apache.logging.log4j:log4j-core 2.14.1 -> 2.17.1")
                .contains("earliest kept");

        StringWriter json = new StringWriter();
        assertThat(ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(json, true))
                .execute("fleet", "changes", "web-1", "--json", "--limit", "1", "--store", store)).isEqualTo(0);
        JsonNode node = Json.mapper().readTree(json.toString());
        assertThat(node.get("changes")).hasSize(1);
        assertThat(node.get("changes").get(0).get("upgraded").toString()).contains("2.17.1");

        assertThat(ReleaseGatesCommand.run("fleet", "changes", "nobody", "--store", store)).isEqualTo(2);
        assertThat(ReleaseGatesCommand.run("fleet", "changes", "web-1", "--limit", "-1", "--store", store)).isEqualTo(2);
    }
}
