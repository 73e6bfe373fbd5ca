package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real jars from Maven Central that NVD names differently from their coordinates (commons-io:commons-io is
 * apache:commons_io, com.fasterxml.woodstox:woodstox-core is fasterxml:woodstox), scanned against real NVD records
 * through the real Dependency-Check engine: found by the derived mapping, confirmed by Dependency-Check's evidence,
 * and not reported at the fixed versions.
 */
class CpeIdentificationTest {
    static final Path FIXTURES = PackageScannerTest.FIXTURES;

    @TempDir
    static Path dataDir;
    static GateReport vulnerable;
    static GateReport fixed;

    @BeforeAll
    static void scanBothFolders() throws URISyntaxException {
        Path records = Path.of(Objects.requireNonNull(CpeIdentificationTest.class.getResource("nvd-real")).toURI());
        vulnerable = PackageScanner.scan(ScanRequest.builder(FIXTURES.resolve("cpe-vulnerable")).nvdRecords(records)
                .dataDir(dataDir).build());
        fixed = PackageScanner.scan(ScanRequest.builder(FIXTURES.resolve("cpe-fixed")).nvdRecords(records)
                .dataDir(dataDir).build());
    }

    static Map<String, Set<String>> advisoriesByJar(GateReport report) {
        return report.findings().stream().filter(f -> f.properties().containsKey("advisory"))
                .collect(Collectors.groupingBy(Finding::location, Collectors.mapping(Finding::ruleId, Collectors.toSet())));
    }

    static Finding advisory(GateReport report, String id) {
        return report.findings().stream().filter(f -> f.ruleId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void shouldMatchCommonsIoAndWoodstoxOnNvdsOwnProductNames() {
        assertThat(vulnerable.errors()).isEmpty();
        assertThat(advisoriesByJar(vulnerable)).isEqualTo(Map.of(
                "commons-io-2.6.jar", Set.of("CVE-2021-29425"),
                "woodstox-core-6.2.8.jar", Set.of("CVE-2022-40152")));
        Finding io = advisory(vulnerable, "CVE-2021-29425");
        assertThat(io.subject()).isEqualTo("pkg:maven/commons-io/commons-io@2.6");
        assertThat(io.properties().get("match")).contains("cpe:2.3:a:apache:commons_io:2.6", "derived mapping");
        assertThat(io.properties()).containsEntry("fixedIn", "");
        Finding woodstox = advisory(vulnerable, "CVE-2022-40152");
        assertThat(woodstox.subject()).isEqualTo("pkg:maven/com.fasterxml.woodstox/woodstox-core@6.2.8");
        assertThat(woodstox.properties().get("match")).contains("cpe:2.3:a:fasterxml:woodstox:* from 6.0.0 before 6.4.0");
        assertThat(woodstox.properties()).containsEntry("fixedIn", "6.4.0").containsEntry("cvssScore", "7.5");
    }

    @Test
    void shouldRaiseConfidenceWhereDependencyChecksEvidenceNamesTheSameCpe() {
        assertThat(List.of(advisory(vulnerable, "CVE-2021-29425"), advisory(vulnerable, "CVE-2022-40152")))
                .allSatisfy(f -> assertThat(f.properties()).containsEntry("confidence", "cpe-confirmed"));
    }

    @Test
    void shouldReportNothingAtTheFixedVersionsAndStillKnowTheirProducts() {
        assertThat(fixed.errors()).isEmpty();
        assertThat(advisoriesByJar(fixed)).isEmpty();
        assertThat(fixed.findings()).noneMatch(f -> f.ruleId().equals(ScanRule.UNMATCHED.spec().id())
                && (f.subject().contains("/commons-io@") || f.subject().contains("/woodstox-core@")));
        assertThat(fixed.findings()).noneMatch(f -> f.ruleId().equals(ScanRule.CPE_CONFLICT.spec().id()));
    }
}
