package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.ReportFormat;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.Severity;
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
    void shouldReportACveOnlyDependencyChecksEvidenceFoundAsFuzzyCpeInEveryFormat(@TempDir Path work) throws Exception {
        // commons-io 2.6 rebuilt without META-INF/maven: no purl, so no exact mapping; Dependency-Check's evidence
        // (manifest, packages) still names apache:commons_io, and that CVE must not be dropped
        Path pkg = java.nio.file.Files.createDirectories(work.resolve("pkg"));
        try (var in = new java.util.zip.ZipFile(FIXTURES.resolve("cpe-vulnerable/commons-io-2.6.jar").toFile());
             var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(pkg.resolve("commons-io-2.6-nometa.jar")))) {
            for (var e : java.util.Collections.list(in.entries())) {
                if (!e.getName().startsWith("META-INF/maven/")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    try (var data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Path records = Path.of(Objects.requireNonNull(CpeIdentificationTest.class.getResource("nvd-real")).toURI());
        GateReport report = PackageScanner.scan(ScanRequest.builder(pkg).nvdRecords(records).dataDir(dataDir)
                .mavenRepo(java.nio.file.Files.createDirectories(work.resolve("no-repository"))).build());

        Finding guessed = advisory(report, "CVE-2021-29425");
        assertThat(guessed.location()).isEqualTo("commons-io-2.6-nometa.jar");
        assertThat(guessed.properties()).containsEntry("confidence", "fuzzy-cpe").containsEntry("purl", "");
        assertThat(guessed.properties().get("match")).contains("Dependency-Check CPE guess cpe:2.3:a:apache:commons_io:2.6");
        for (ReportFormat format : List.of(ReportFormat.JSON, ReportFormat.SARIF, ReportFormat.HTML)) {
            assertThat(ReportWriter.render(report, format, Severity.INFO))
                    .as(format.name()).contains("CVE-2021-29425").contains("fuzzy-cpe");
        }
    }

    @Test
    void shouldHandTheJarsOfATarGzDistributionToDependencyCheck(@TempDir Path work) throws Exception {
        Path dist = work.resolve("server-1.0.tar.gz");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(java.nio.file.Files.newOutputStream(dist)))) {
            for (String jar : List.of("commons-io-2.6.jar", "woodstox-core-6.2.8.jar")) {
                Path file = FIXTURES.resolve("cpe-vulnerable").resolve(jar);
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("server-1.0/lib/" + jar);
                entry.setSize(java.nio.file.Files.size(file));
                out.putArchiveEntry(entry);
                java.nio.file.Files.copy(file, out);
                out.closeArchiveEntry();
            }
        }
        Path records = Path.of(Objects.requireNonNull(CpeIdentificationTest.class.getResource("nvd-real")).toURI());
        // a data dir of its own: Dependency-Check's cached answers from the other scans must not stand in for it
        GateReport report = PackageScanner.scan(ScanRequest.builder(dist).nvdRecords(records).dataDir(work.resolve("data")).build());

        assertThat(advisoriesByJar(report)).isEqualTo(Map.of(
                "server-1.0/lib/commons-io-2.6.jar", Set.of("CVE-2021-29425"),
                "server-1.0/lib/woodstox-core-6.2.8.jar", Set.of("CVE-2022-40152")));
        assertThat(List.of(advisory(report, "CVE-2021-29425"), advisory(report, "CVE-2022-40152")))
                .allSatisfy(f -> assertThat(f.properties()).containsEntry("confidence", "cpe-confirmed"));
    }

    @Test
    void shouldReuseDependencyChecksAnswerPerJarOnTheSameData() throws Exception {
        try (var states = java.nio.file.Files.list(dataDir.resolve(DcAnalysis.CACHE_DIR))) {
            assertThat(states.toList()).singleElement().satisfies(dir -> {
                try (var files = java.nio.file.Files.list(dir)) {
                    assertThat(files.map(p -> p.getFileName().toString())).hasSizeGreaterThanOrEqualTo(4).allMatch(n -> n.matches("[0-9a-f]{40}\\.json"));
                }
            });
        }
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        Path records = Path.of(Objects.requireNonNull(CpeIdentificationTest.class.getResource("nvd-real")).toURI());
        GateReport again = PackageScanner.scan(ScanRequest.builder(FIXTURES.resolve("cpe-vulnerable")).nvdRecords(records)
                .dataDir(dataDir).build(), progress::add);
        assertThat(progress).noneMatch(p -> p.startsWith("Dependency-Check analysis"));
        assertThat(again.findings()).isEqualTo(vulnerable.findings());
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
