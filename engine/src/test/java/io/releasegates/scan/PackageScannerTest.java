package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.ReportFormat;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan gate on the sample releases with the bundled advisories, through the real Dependency-Check engine. */
class PackageScannerTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories");

    /** Every planted vulnerable jar (path inside the package) with the CVE ids the sample advisories give it. */
    static final Map<String, Set<String>> EXPECTED = Map.of(
            "log4j-core-2.14.1.jar", Set.of("CVE-2021-44228", "CVE-2021-44832", "CVE-2021-45046", "CVE-2021-45105"),
            "snakeyaml-1.33.jar", Set.of("CVE-2022-1471"),
            "spring-core-5.3.17.jar", Set.of("CVE-2022-22965"),
            "spring-beans-5.3.17.jar", Set.of("CVE-2022-22965"),
            "postgresql-42.3.2.jar", Set.of("CVE-2022-31197", "CVE-2024-1597"),
            "h2-2.0.202.jar", Set.of("CVE-2021-42392", "CVE-2022-23221"),
            "jackson-databind-2.13.2.jar", Set.of("CVE-2020-36518", "CVE-2022-42003"),
            "guava-31.1-jre.jar", Set.of("CVE-2020-8908", "CVE-2023-2976"),
            "acme-text-utils-1.0.0.jar", Set.of("CVE-2022-42889"));

    @TempDir
    static Path dataDir;
    static GateReport vulnerable;

    @BeforeAll
    static void scanTheVulnerableWar() {
        vulnerable = scan(FIXTURES.resolve("sample-vulnerable.war"));
    }

    static GateReport scan(Path pkg) {
        return PackageScanner.scan(ScanRequest.builder(pkg).nvdRecords(ADVISORIES.resolve("nvd"))
                .osv(ADVISORIES.resolve("osv")).dataDir(dataDir).build());
    }

    static Map<String, Set<String>> advisoriesByJar(GateReport report, String libDir) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Finding f : report.findings()) {
            if (f.properties().containsKey("advisory")) {
                assertThat(f.location()).startsWith(libDir);
                out.computeIfAbsent(f.location().substring(libDir.length()), k -> new TreeSet<>()).add(f.ruleId());
            }
        }
        return out;
    }

    @Test
    void shouldReportEveryPlantedVulnerableJarWithItsCvesAndNothingOnCleanJars() {
        assertThat(vulnerable.errors()).isEmpty();
        assertThat(advisoriesByJar(vulnerable, "WEB-INF/lib/")).isEqualTo(EXPECTED);
    }

    @Test
    void shouldReportTheShadedLibraryUnderItsOwnPurlAtTheJarThatEmbedsIt() {
        Finding text = vulnerable.findings().stream().filter(f -> f.ruleId().equals("CVE-2022-42889")).findFirst().orElseThrow();
        assertThat(text.subject()).isEqualTo("pkg:maven/org.apache.commons/commons-text@1.9");
        assertThat(text.location()).isEqualTo("WEB-INF/lib/acme-text-utils-1.0.0.jar");
        assertThat(text.properties()).containsEntry("fixedIn", "1.10.0").containsEntry("aliases", "GHSA-599f-7c49-w659");
    }

    @Test
    void shouldMergeBothMatchersByAliasWithParsedCvss() {
        Finding yaml = vulnerable.findings().stream().filter(f -> f.ruleId().equals("CVE-2022-1471")).findFirst().orElseThrow();
        assertThat(yaml.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(yaml.properties())
                .containsEntry("matcher", "nvd-cpe,osv-purl")
                .containsEntry("confidence", "exact-purl")
                .containsEntry("aliases", "GHSA-mjmj-j48q-9wg2")
                .containsEntry("cvssScore", "9.8")
                .containsEntry("cvssVector", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
                .containsEntry("fixedIn", "2.0")
                .containsEntry("purl", "pkg:maven/org.yaml/snakeyaml@1.33")
                .containsKey("dataAsOf");
        assertThat(vulnerable.dataAsOf()).containsKeys("nvd", "osv");
    }

    @Test
    void shouldFindSpringBeansThroughTheCuratedMappingWhereDependencyCheckFindsNoCpe() {
        Finding beans = vulnerable.findings().stream()
                .filter(f -> f.ruleId().equals("CVE-2022-22965") && f.location().endsWith("spring-beans-5.3.17.jar"))
                .findFirst().orElseThrow();
        assertThat(beans.properties().get("match")).contains("vmware:spring_framework").contains("curated");
    }

    @Test
    void shouldReportDependencyChecksContradictionOfTheCuratedNoneAsSuchNotAsAVulnerability() {
        // Dependency-Check's evidence names log4j-api apache:log4j; NVD's log4j CVEs are about log4j-core
        Finding conflict = vulnerable.findings().stream().filter(f -> f.ruleId().equals("RG-SCAN-CPE-CONFLICT"))
                .filter(f -> f.location().equals("WEB-INF/lib/log4j-api-2.14.1.jar")).findFirst().orElseThrow();
        assertThat(conflict.severity()).isEqualTo(Severity.INFO);
        // analysed under its real file name (as Dependency-Check sees it in the WAR), the jar is still named
        // apache:log4j but gets none of log4j's CVEs (they were implied when it was analysed as <sha1>.jar)
        assertThat(conflict.properties()).containsEntry("dependencyCheckCpe", "apache:log4j").containsEntry("cpe", "")
                .containsEntry("impliedAdvisories", "");
        assertThat(vulnerable.summary()).containsEntry("cpeConflicts", 1L);
    }

    @Test
    void shouldNoteWhereDependencyChecksEvidenceNamesTheSameCpe() {
        // the OSV purl match stays the strongest confidence; the NVD claim records Dependency-Check's agreement
        Finding core = vulnerable.findings().stream().filter(f -> f.ruleId().equals("CVE-2021-44832")).findFirst().orElseThrow();
        assertThat(core.properties()).containsEntry("confidence", "exact-purl");
        assertThat(core.properties().get("match")).contains("apache:log4j", "Dependency-Check's evidence names the same CPE");
        Map<String, String> spring = vulnerable.findings().stream().filter(f -> f.ruleId().equals("CVE-2022-22965"))
                .collect(Collectors.toMap(Finding::location, f -> f.properties().get("match")));
        assertThat(spring.get("WEB-INF/lib/spring-core-5.3.17.jar")).contains("Dependency-Check's evidence names the same CPE");
        // Dependency-Check finds no CPE for spring-beans: our curated mapping alone
        assertThat(spring.get("WEB-INF/lib/spring-beans-5.3.17.jar")).contains("curated").doesNotContain("Dependency-Check");
    }

    @Test
    void shouldReportOsvOnlyAdvisoriesThatNvdHasNoCpeFor() {
        Finding pg = vulnerable.findings().stream().filter(f -> f.ruleId().equals("CVE-2024-1597")).findFirst().orElseThrow();
        assertThat(pg.properties()).containsEntry("matcher", "osv-purl").containsEntry("fixedIn", "42.3.9,42.4.4,42.5.5,42.6.1,42.7.2");
    }

    @Test
    void shouldReportComponentsNoDataCoversAsUnmatchedNotClean() {
        Set<String> unmatched = vulnerable.findings().stream().filter(f -> f.ruleId().equals("RG-SCAN-UNMATCHED"))
                .map(Finding::subject).collect(Collectors.toSet());
        assertThat(unmatched).contains("pkg:maven/org.apache.commons/commons-lang3@3.12.0", "pkg:maven/org.slf4j/slf4j-api@1.7.36")
                .doesNotContain("pkg:maven/org.yaml/snakeyaml@1.33");
        assertThat(vulnerable.findings().stream().filter(f -> f.ruleId().equals("RG-SCAN-UNMATCHED")))
                .allMatch(f -> f.severity() == Severity.INFO);
    }

    @Test
    void shouldReportPlantedSecretsAndRiskyFilesMasked() throws Exception {
        Map<String, Set<String>> byRule = new TreeMap<>();
        vulnerable.findings().stream().filter(f -> f.ruleId().startsWith("RG-SCAN-SECRET") || f.ruleId().startsWith("RG-SCAN-RISKY"))
                .forEach(f -> byRule.computeIfAbsent(f.ruleId(), k -> new TreeSet<>()).add(f.location()));
        assertThat(byRule).containsEntry("RG-SCAN-SECRET-AWS-KEY", Set.of("WEB-INF/classes/aws.properties"))
                .containsEntry("RG-SCAN-SECRET-PRIVATE-KEY", Set.of("WEB-INF/classes/keys/deploy_key.pem"))
                .containsEntry("RG-SCAN-SECRET-PASSWORD", Set.of(".env"))
                .containsEntry("RG-SCAN-RISKY-VCS", Set.of(".git/"))
                .containsEntry("RG-SCAN-RISKY-ENV", Set.of(".env"))
                .containsEntry("RG-SCAN-RISKY-DEV-PROFILE", Set.of("WEB-INF/classes/application-dev.yml"));
        Path out = Files.createTempDirectory(dataDir, "reports");
        for (ReportFormat format : ReportFormat.values()) {
            Path file = out.resolve("scan." + format.name().toLowerCase());
            ReportWriter.write(vulnerable, format, Severity.HIGH, file);
            String text = Files.readString(file);
            assertThat(text).doesNotContain("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    "Winter2024!shop", "IIlvlLAd4Y2Z1AuE2lnwVwlGEh4S0rlulN3PeX3cW");
        }
        assertThat(vulnerable.passes(Severity.HIGH)).isFalse();
    }

    @Test
    void shouldReportTheSameCvesInsideTheSpringBootFatJar() {
        GateReport boot = scan(FIXTURES.resolve("sample-vulnerable-boot.jar"));
        assertThat(advisoriesByJar(boot, "BOOT-INF/lib/")).isEqualTo(EXPECTED);
    }

    @Test
    void shouldLetDependencyCheckIdentifyJarsThatTheMavenRepositoryDoesNotKnow() throws Exception {
        // Without a Maven repository, spring-*, postgresql and h2 (no Maven metadata) are identified from their
        // manifests only: not exact, so Dependency-Check's own analysis runs on them.
        Path emptyRepo = Files.createDirectories(dataDir.resolve("empty-m2"));
        GateReport r = PackageScanner.scan(ScanRequest.builder(FIXTURES.resolve("sample-vulnerable.war"))
                .nvdRecords(ADVISORIES.resolve("nvd")).osv(ADVISORIES.resolve("osv")).dataDir(dataDir)
                .mavenRepo(emptyRepo).build());
        Map<String, Set<String>> expected = new TreeMap<>(EXPECTED);
        // Dependency-Check finds no CPE for spring-beans, and without a purl the OSV-only pgjdbc advisory cannot match:
        // those misses must show up as unmatched, not as clean
        expected.remove("spring-beans-5.3.17.jar");
        expected.put("postgresql-42.3.2.jar", Set.of("CVE-2022-31197"));
        assertThat(advisoriesByJar(r, "WEB-INF/lib/")).isEqualTo(expected);
        assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("RG-SCAN-UNMATCHED") && f.location().endsWith("spring-beans-5.3.17.jar"));
        assertThat(r.findings()).filteredOn(f -> f.location().endsWith("spring-core-5.3.17.jar") && f.ruleId().startsWith("CVE"))
                .singleElement().satisfies(f -> assertThat(f.properties().get("confidence")).isNotEqualTo("exact-purl"));
    }

    @Test
    void shouldReportNothingOnTheFixedWar() {
        GateReport fixed = scan(FIXTURES.resolve("sample-fixed.war"));
        assertThat(fixed.errors()).isEmpty();
        assertThat(fixed.findings()).filteredOn(f -> f.severity().isAtLeast(Severity.LOW)).isEmpty();
        assertThat(fixed.passes(Severity.LOW)).isTrue();
        assertThat(fixed.summary().get("components")).isEqualTo(15L);
    }
}
