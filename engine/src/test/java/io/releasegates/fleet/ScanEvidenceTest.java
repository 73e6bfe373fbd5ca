package io.releasegates.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.EvidenceJson;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.report.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Reading `scan --json` evidence: what a real scan found, and the files that must be refused. */
class ScanEvidenceTest {
    static final Instant T = Instant.parse("2026-11-20T10:00:00.123456789Z");

    @Test
    void shouldReadEveryScannedVersionWithTheAdvisoriesOfARealScan() {
        GateReport report = ScanFixtures.vulnerableReport();
        VulnerabilityScan scan = ScanEvidence.read(ScanFixtures.vulnerable());

        assertThat(scan.scannedAt()).isEqualTo(report.generatedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(scan.source()).startsWith("scan of sample-vulnerable.war sha256:");
        assertThat(scan.versions()).hasSize(report.subjects().size());
        Map<String, Set<String>> read = new TreeMap<>();
        Set<String> unmatched = new TreeSet<>();
        for (ScannedVersion v : scan.versions()) {
            if (!v.vulnerabilities().isEmpty()) {
                read.put(v.key() + "@" + v.version(), new TreeSet<>(v.vulnerabilities().stream().map(KnownVulnerability::advisory).toList()));
            }
            if (!v.matched()) {
                unmatched.add(v.key() + "@" + v.version());
            }
        }
        assertThat(read).isEqualTo(ScanFixtures.advisoriesByVersion(report));
        Set<String> expectedUnmatched = new TreeSet<>();
        report.findings().stream().filter(f -> f.ruleId().equals("RG-SCAN-UNMATCHED")).forEach(f -> expectedUnmatched.add(f.subject()));
        assertThat(unmatched).isNotEmpty().isEqualTo(expectedUnmatched);

        ScannedVersion postgres = scan.versions().stream().filter(v -> v.key().equals("pkg:maven/org.postgresql/postgresql"))
                .findFirst().orElseThrow();
        KnownVulnerability cve = postgres.vulnerabilities().stream().filter(k -> k.advisory().equals("CVE-2024-1597")).findFirst().orElseThrow();
        assertThat(cve.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(cve.cvssScore()).isEqualTo(10.0);
        assertThat(cve.aliases()).containsExactly("GHSA-24rp-q3w6-vc56");
        // fixed versions in version order, not text order
        assertThat(cve.fixedIn()).containsExactly("42.3.9", "42.4.4", "42.5.5", "42.6.1", "42.7.2");
        assertThat(cve.source()).isNotBlank();
        assertThat(postgres.highest()).hasValue(Severity.CRITICAL);
    }

    @Test
    void shouldReadTheFixedReleaseAsScannedWithNoneKnown() {
        VulnerabilityScan scan = ScanEvidence.read(ScanFixtures.fixed());
        assertThat(scan.advisories()).isZero();
        assertThat(scan.versions()).filteredOn(ScannedVersion::matched).extracting(v -> v.key() + "@" + v.version())
                .contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", "pkg:maven/org.yaml/snakeyaml@2.0");
    }

    static GateReport.Builder scan() {
        return GateReport.builder("scan").generatedAt(T).input(new Input("package", "/build/out/app.war", "ab".repeat(32)));
    }

    static Finding advisory(String id, String purl) {
        return Finding.builder(id, Severity.HIGH).subject(purl).location("WEB-INF/lib/x.jar").property("advisory", id)
                .property("purl", purl).property("aliases", "GHSA-1,GHSA-2").property("cvssScore", "7.5")
                .property("fixedIn", "1.10,1.9.1").property("matcher", "osv-purl").build();
    }

    static byte[] json(GateReport report) {
        return EvidenceJson.render(report).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepHostileValuesAsDataAndSkipWhatCannotBeTiedToAVersion() {
        String hostile = "<img src=x onerror=alert(1)>";
        GateReport report = scan()
                .subject("pkg:maven/com.acme/%3Cscript%3Ealert(1)%3C%2Fscript%3E@1.0")
                .subject("pkg:maven/org.ok/lib@1.9")
                .subject("not a purl")
                .subject("pkg:maven/broken")
                .finding(advisory(hostile, "pkg:maven/com.acme/%3Cscript%3Ealert(1)%3C%2Fscript%3E@1.0"))
                .finding(advisory("CVE-2026-0001", "pkg:maven/org.ok/lib@1.9?type=jar"))
                .finding(advisory("CVE-2026-0001", "pkg:maven/org.ok/lib@1.9"))
                .finding(advisory("X".repeat(300), "pkg:maven/org.ok/lib@1.9"))
                .finding(advisory("CVE-2026-0002", "pkg:maven/no-version"))
                .build();
        VulnerabilityScan scan = ScanEvidence.read(json(report), "hostile.json");
        assertThat(scan.source()).isEqualTo("scan of app.war sha256:" + "ab".repeat(6));
        assertThat(scan.versions()).extracting(ScannedVersion::key)
                .containsExactly(PackageRef.keyOf("pkg:maven/com.acme/%3Cscript%3Ealert(1)%3C%2Fscript%3E@1.0"), "pkg:maven/org.ok/lib");
        ScannedVersion evil = scan.versions().get(0);
        assertThat(evil.vulnerabilities()).extracting(KnownVulnerability::advisory).containsExactly(hostile);
        ScannedVersion ok = scan.versions().get(1);
        // one advisory per version, however many copies of the jar reported it
        assertThat(ok.vulnerabilities()).singleElement().satisfies(k -> {
            assertThat(k.aliases()).containsExactly("GHSA-1", "GHSA-2");
            assertThat(k.fixedIn()).containsExactly("1.9.1", "1.10");
            assertThat(k.cvssScore()).isEqualTo(7.5);
            assertThat(k.firstSeen()).isEqualTo(scan.scannedAt());
        });
        // "pkg:maven/broken" and "no-version" (no version) and the 300-character id
        assertThat(scan.skipped()).isEqualTo(3);
    }

    @Test
    void shouldNotClaimNoneKnownForVersionsOfAScanThatSuppressedFindings() {
        GateReport report = scan().subject("pkg:maven/org.ok/clean@1.0").subject("pkg:maven/org.ok/lib@1.9")
                .subject("pkg:maven/org.ok/unknown@2.0")
                .finding(advisory("CVE-2026-0001", "pkg:maven/org.ok/lib@1.9"))
                .finding(Finding.builder("RG-SCAN-UNMATCHED", Severity.INFO).subject("pkg:maven/org.ok/unknown@2.0")
                        .property("purl", "pkg:maven/org.ok/unknown@2.0").build())
                .summary("suppressed", 1).build();
        VulnerabilityScan scan = ScanEvidence.read(json(report), "waived.json");
        // a waived advisory may be clean@1.0's: it is left out instead of being stored as "scanned, none known"
        assertThat(scan.versions()).extracting(v -> v.key() + "@" + v.version() + " " + v.matched())
                .containsExactly("pkg:maven/org.ok/lib@1.9 true", "pkg:maven/org.ok/unknown@2.0 false");
        assertThat(scan.withheld()).isEqualTo(1);
    }

    @TestFactory
    Stream<DynamicTest> shouldRefuseWhatIsNotACompleteScan() {
        Map<String, byte[]> invalid = new TreeMap<>();
        invalid.put("invalid-not-json", "{\"schema\":".getBytes(StandardCharsets.UTF_8));
        invalid.put("invalid-array", "[]".getBytes(StandardCharsets.UTF_8));
        invalid.put("invalid-schema", "{\"schema\":\"other/v9\",\"gate\":\"scan\"}".getBytes(StandardCharsets.UTF_8));
        invalid.put("invalid-other-gate", json(GateReport.builder("backups").build()));
        invalid.put("invalid-incomplete-scan", json(scan().error("advisories-osv: cannot read osv.zip").build()));
        return invalid.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertThatThrownBy(() -> ScanEvidence.read(e.getValue(), e.getKey() + ".json"))
                        .isInstanceOf(BadInputException.class)
                        .hasMessageStartingWith(e.getKey() + ".json: ")
                        .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"))));
    }
}
