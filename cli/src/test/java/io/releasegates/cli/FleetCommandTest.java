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
import java.util.List;
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
                && l.endsWith(",vulnerable,4,critical,CVE-2021-44228 CVE-2021-45046 CVE-2021-44832 CVE-2021-45105,1"));
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
    void shouldMatchAHostsDebianPackagesAgainstOsvDebianAdvisories(@TempDir Path dir) throws Exception {
        String store = dir.resolve("fleet").toString();
        Path sbom = dir.resolve("deb12-1.cdx.json");
        assertThat(ReleaseGatesCommand.run("inventory", "--host", "--root", FLEET.resolve("debian").resolve("bookworm").toString(),
                "-o", sbom.toString(), "--quiet")).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", sbom.toString(), "--host", "deb12-1", "--store", store)).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-fixed.cdx.xml").toString(),
                "--host", "web-1", "--store", store)).isEqualTo(0);
        // Maven and Debian records in one folder, as osv.dev's per-ecosystem zips unpacked side by side
        Path osv = dir.resolve("osv");
        Files.createDirectories(osv);
        for (String ecosystem : new String[] {"osv", "osv-debian"}) {
            try (var files = Files.list(FLEET.getParent().resolve("advisories").resolve(ecosystem))) {
                for (Path f : files.toList()) {
                    Files.copy(f, osv.resolve(f.getFileName()));
                }
            }
        }
        assertThat(ReleaseGatesCommand.run("fleet", "vulnerabilities", "--osv", osv.toString(), "--store", store)).isEqualTo(0);
        Path components = dir.resolve("components.csv");
        assertThat(ReleaseGatesCommand.run("fleet", "export", "components.csv", "-o", components.toString(), "--store", store)).isEqualTo(0);
        List<String> lines = Files.readAllLines(components);
        // libssl3 is built from openssl, which DSA-5532-1 fixed in 3.0.11-1~deb12u2 for Debian 12
        assertThat(lines).anyMatch(l -> l.startsWith("pkg:deb/debian/libssl3,") && l.contains(",3.0.11-1~deb12u1,")
                && l.endsWith(",vulnerable,1,medium,CVE-2023-5363,1"));
        // zlib1g is exactly at Debian 12's fix (epoch 1:): checked, none known
        assertThat(lines).anyMatch(l -> l.startsWith("pkg:deb/debian/zlib1g,") && l.endsWith(",none-known,0,,,0"));
        assertThat(lines).anyMatch(l -> l.startsWith("pkg:deb/debian/bash,") && l.endsWith(",unmatched,,,,"));
        // the Maven results are those of the Maven records alone
        assertThat(lines).anyMatch(l -> l.startsWith("pkg:maven/com.fasterxml.jackson.core/jackson-databind,")
                && l.contains(",2.13.2.1,") && l.endsWith(",vulnerable,1,high,CVE-2022-42003,1"));
        Path hosts = dir.resolve("hosts.csv");
        assertThat(ReleaseGatesCommand.run("fleet", "export", "hosts.csv", "-o", hosts.toString(), "--store", store)).isEqualTo(0);
        // libssl3 and openssl vulnerable; bash not matched; curl, libcurl4, zlib1g checked
        assertThat(Files.readAllLines(hosts)).anyMatch(l -> l.startsWith("deb12-1,") && l.endsWith(",vulnerable,2,medium,5,1,0"));
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
