package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waivers (our YAML) and Dependency-Check suppression XML, on OSV-only scans of the vulnerable WAR (no NVD: fast). */
class SuppressionTest {
    static final Path WAR = Path.of(System.getProperty("releasegates.fixtures"), "sample-vulnerable.war");
    static final Path OSV = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories", "osv");
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    GateReport scan(Path waivers, Path suppressions) {
        return PackageScanner.scan(ScanRequest.builder(WAR).osv(OSV).dataDir(tmp.resolve("data")).waivers(waivers)
                .suppressions(suppressions).clock(NOW).build());
    }

    static boolean has(GateReport r, String ruleId, String locationEnd) {
        return r.findings().stream().anyMatch(f -> f.ruleId().equals(ruleId) && f.location().endsWith(locationEnd));
    }

    @Test
    void shouldSuppressAFindingWithAValidWaiverByCveOrByAlias() throws Exception {
        Path waivers = Files.writeString(tmp.resolve("waivers.yml"), """
                waivers:
                  - advisory: CVE-2022-1471
                    component: pkg:maven/org.yaml/snakeyaml
                    reason: we only load our own YAML with SafeConstructor
                    owner: team-shop
                    expires: 2027-01-31
                  - advisory: GHSA-599f-7c49-w659
                    component: pkg:maven/org.apache.commons/commons-text@1.9
                    reason: interpolation never sees user input
                    owner: team-shop
                    expires: 2027-01-31
                """);
        GateReport r = scan(waivers, null);
        assertThat(has(r, "CVE-2022-1471", "snakeyaml-1.33.jar")).isFalse();
        assertThat(has(r, "CVE-2022-42889", "acme-text-utils-1.0.0.jar")).isFalse();
        assertThat(has(r, "CVE-2021-44832", "log4j-core-2.14.1.jar")).isTrue();
        assertThat(r.summary()).containsEntry("suppressed", 2L);
        assertThat(r.inputs()).anyMatch(i -> i.role().equals("waivers") && !i.sha256().isEmpty());
    }

    @Test
    void shouldReportAnExpiredWaiverAndStopSuppressing() throws Exception {
        Path waivers = Files.writeString(tmp.resolve("waivers.yml"), """
                waivers:
                  - advisory: CVE-2022-1471
                    component: pkg:maven/org.yaml/snakeyaml
                    reason: upgrade planned
                    owner: alice
                    expires: 2026-10-01
                """);
        GateReport r = scan(waivers, null);
        assertThat(has(r, "CVE-2022-1471", "snakeyaml-1.33.jar")).isTrue();
        Finding expired = r.findings().stream().filter(f -> f.ruleId().equals("RG-SCAN-WAIVER-EXPIRED")).findFirst().orElseThrow();
        assertThat(expired.message()).contains("CVE-2022-1471", "alice", "2026-10-01", "reported again");
    }

    @Test
    void shouldRejectAWaiverWithoutOwnerNamingTheFile() throws Exception {
        Path waivers = Files.writeString(tmp.resolve("waivers.yml"), """
                waivers:
                  - advisory: CVE-2022-1471
                    component: pkg:maven/org.yaml/snakeyaml
                    reason: later
                    expires: 2027-01-01
                """);
        assertThatThrownBy(() -> scan(waivers, null)).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("waivers.yml:2: waivers[0].owner: is required");
    }

    @Test
    void shouldHonourDependencyCheckSuppressionsAndReportExpiredOnes() throws Exception {
        Path xml = Files.writeString(tmp.resolve("suppressions.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <suppressions xmlns="https://jeremylong.github.io/DependencyCheck/dependency-suppression.1.3.xsd">
                  <suppress>
                    <notes>temp files are on a private tmp</notes>
                    <packageUrl regex="true">^pkg:maven/com\\.google\\.guava/guava@.*$</packageUrl>
                    <cve>CVE-2023-2976</cve>
                  </suppress>
                  <suppress until="2026-01-01Z">
                    <notes>old decision</notes>
                    <packageUrl regex="true">^pkg:maven/com\\.h2database/h2@.*$</packageUrl>
                    <vulnerabilityName>CVE-2022-23221</vulnerabilityName>
                  </suppress>
                </suppressions>
                """);
        GateReport r = scan(null, xml);
        assertThat(has(r, "CVE-2023-2976", "guava-31.1-jre.jar")).isFalse();
        assertThat(has(r, "CVE-2020-8908", "guava-31.1-jre.jar")).isTrue();
        assertThat(has(r, "CVE-2022-23221", "h2-2.0.202.jar")).isTrue();
        assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("RG-SCAN-WAIVER-EXPIRED") && f.message().contains("old decision"));
    }

    @Test
    void shouldRefuseSuppressionXmlWithAnExternalEntity() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "top-secret");
        Path xml = Files.writeString(tmp.resolve("xxe.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE suppressions [<!ENTITY x SYSTEM "%s">]>
                <suppressions><suppress><notes>&x;</notes><cve>CVE-2022-1471</cve></suppress></suppressions>
                """.formatted(secret.toUri()));
        assertThatThrownBy(() -> scan(null, xml)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("xxe.xml").hasMessageNotContaining("top-secret");
    }

    @Test
    void shouldReportStaleDataWhenOlderThanMaxDataAge() {
        GateReport r = PackageScanner.scan(ScanRequest.builder(WAR).osv(OSV).dataDir(tmp.resolve("data"))
                .maxDataAge(java.time.Duration.ofDays(30)).clock(NOW).build());
        assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("RG-SCAN-DATA-STALE") && f.subject().equals("osv"));
        GateReport fresh = PackageScanner.scan(ScanRequest.builder(WAR).osv(OSV).dataDir(tmp.resolve("data"))
                .maxDataAge(java.time.Duration.ofDays(3650)).clock(NOW).build());
        assertThat(fresh.findings()).noneMatch(f -> f.ruleId().equals("RG-SCAN-DATA-STALE"));
    }
}
