package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.inventory.InventoryRule;
import io.releasegates.inventory.RepositoryManagerServer;
import io.releasegates.inventory.RepositorySearch;
import io.releasegates.report.Digests;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan without a local Maven repository: Spring Framework's jars carry no Maven metadata, so without a checksum
 * search Spring4Shell (GHSA-36p3-wjmg-h94x, an OSV purl advisory) cannot be tied to spring-beans 5.3.17 and the
 * jars are listed as unidentified; with Maven Central's search (a local server answering as Central does) it is found.
 */
class ChecksumSearchScanTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    static final Path OSV = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories", "osv");

    @TempDir
    Path tmp;

    @Test
    void shouldFindSpring4ShellInMetadataLessJarsOnlyThroughTheChecksumSearch() throws IOException {
        byte[] beans = Files.readAllBytes(FIXTURES.resolve("vulnerable-lib/spring-beans-5.3.17.jar"));
        byte[] core = Files.readAllBytes(FIXTURES.resolve("vulnerable-lib/spring-core-5.3.17.jar"));
        Path war = Files.write(tmp.resolve("shop.war"), zip("WEB-INF/lib/spring-beans-5.3.17.jar", beans,
                "WEB-INF/lib/spring-core-5.3.17.jar", core));
        Path emptyRepo = Files.createDirectories(tmp.resolve("empty-m2"));

        GateReport without = PackageScanner.scan(ScanRequest.builder(war).osv(OSV).dataDir(tmp.resolve("data"))
                .mavenRepo(emptyRepo).build());

        assertThat(ids(without)).doesNotContain("CVE-2022-22965", "GHSA-36p3-wjmg-h94x")
                .contains(InventoryRule.IDENTITY_INCOMPLETE.id());
        assertThat(without.findings().stream().filter(f -> f.ruleId().equals(InventoryRule.UNIDENTIFIED.id())))
                .extracting(Finding::location)
                .containsExactlyInAnyOrder("WEB-INF/lib/spring-beans-5.3.17.jar", "WEB-INF/lib/spring-core-5.3.17.jar");

        try (RepositoryManagerServer central = new RepositoryManagerServer(RepositorySearch.Kind.CENTRAL,
                new RepositoryManagerServer.Artifact(sha1(beans), "org.springframework", "spring-beans", "5.3.17"),
                new RepositoryManagerServer.Artifact(sha1(core), "org.springframework", "spring-core", "5.3.17"))) {
            GateReport with = PackageScanner.scan(ScanRequest.builder(war).osv(OSV).dataDir(tmp.resolve("data"))
                    .mavenRepo(emptyRepo).checksumSearch(RepositorySearch.of(central.url(), "central", "--checksum-search")
                            .withCacheDir(tmp.resolve("cache"))).build());

            assertThat(with.findings()).filteredOn(f -> f.subject().equals("pkg:maven/org.springframework/spring-beans@5.3.17"))
                    .extracting(Finding::ruleId).contains("CVE-2022-22965");
            assertThat(ids(with)).doesNotContain(InventoryRule.UNIDENTIFIED.id(), InventoryRule.IDENTITY_INCOMPLETE.id());
        }
    }

    private static List<String> ids(GateReport r) {
        return r.findings().stream().map(Finding::ruleId).toList();
    }

    private static String sha1(byte[] bytes) {
        return HexFormat.of().formatHex(Digests.newDigest("SHA-1").digest(bytes));
    }

    private static byte[] zip(Object... nameAndContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < nameAndContent.length; i += 2) {
                out.putNextEntry(new ZipEntry((String) nameAndContent[i]));
                out.write((byte[]) nameAndContent[i + 1]);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
