package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependency-Check parity cases of the real-package corpus, on the corpus' real NVD records and real jars taken out of
 * the corpus packages (downloaded by test-fixtures' build):
 * <ul>
 *   <li>a WAR's own Maven identity is a component: activemq-web-console 5.15.9 is ActiveMQ 5.15.9;</li>
 *   <li>a jar without Maven metadata is handed to Dependency-Check under its own file name, which is its only
 *       evidence (tomcat-annotations-api-8.5.23.jar: apache:tomcat 8.5.23);</li>
 *   <li>a family's helper artifacts on their own version line are not the product (activemq-protobuf 1.1,
 *       jetty-setuid-java 1.0.4), while its parts on the product's line keep its name (tomcat-embed-core 8.5.23,
 *       jetty-server 9.4.x, activemq-broker 5.15.9).</li>
 * </ul>
 */
class PackageIdentityParityTest {
    static final Path CORPUS = PackageScannerTest.FIXTURES.resolve("corpus");
    // the sample records plus the corpus' own, combined by test-fixtures' build
    static final Path RECORDS = PackageScannerTest.FIXTURES.resolve("corpus-advisories").resolve("nvd");
    static final String WAR = "activemq-web-console-5.15.9.war";
    static final String ANNOTATIONS = "WEB-INF/lib/tomcat-annotations-api-8.5.23.jar";
    static final String PROTOBUF = "WEB-INF/lib/activemq-protobuf-1.1.jar";

    @TempDir
    static Path work;
    static NvdDatabase nvd;
    static GateReport report;

    @BeforeAll
    static void scanASmallWarOfRealParts() throws IOException {
        Path records = Files.createDirectories(work.resolve("records"));
        try (var files = Files.list(RECORDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(f, records.resolve(f.getFileName()));
            }
        }
        Path feed = work.resolve("feed");
        NvdFeedLayout.write(records, feed);
        nvd = NvdDatabase.open(Files.createDirectories(work.resolve("db")), feed.toString(), null, null);

        // the console's own metadata and one of its jars, plus Skipper's metadata-less tomcat-annotations-api
        Path war = Files.createDirectories(work.resolve("pkg")).resolve(WAR);
        try (ZipFile console = new ZipFile(CORPUS.resolve(WAR).toFile());
             ZipFile skipper = new ZipFile(CORPUS.resolve("spring-cloud-skipper-server-1.0.8.RELEASE.jar").toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(war))) {
            for (ZipEntry e : java.util.Collections.list(console.entries())) {
                if (e.getName().startsWith("META-INF/maven/") && !e.isDirectory() || e.getName().equals(PROTOBUF)) {
                    copy(console, e, e.getName(), out);
                }
            }
            copy(skipper, skipper.getEntry("BOOT-INF/lib/tomcat-annotations-api-8.5.23.jar"), ANNOTATIONS, out);
        }
        report = PackageScanner.scan(ScanRequest.builder(war).nvdRecords(RECORDS).dataDir(work.resolve("data"))
                .mavenRepo(Files.createDirectories(work.resolve("empty-m2"))).build());
    }

    private static void copy(ZipFile from, ZipEntry e, String name, ZipOutputStream out) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        try (InputStream in = from.getInputStream(e)) {
            in.transferTo(out);
        }
        out.closeEntry();
    }

    @AfterAll
    static void close() {
        if (nvd != null) {
            nvd.close();
        }
    }

    static Set<String> advisoriesAt(String location) {
        return report.findings().stream().filter(f -> f.properties().containsKey("advisory"))
                .filter(f -> f.location().equals(location)).map(Finding::ruleId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void shouldReportTheWarsOwnMavenIdentityAsAComponent() {
        assertThat(report.errors()).isEmpty();
        assertThat(advisoriesAt(WAR)).contains("CVE-2020-13920", "CVE-2020-26217", "CVE-2023-46604");
        Finding f = report.findings().stream().filter(x -> x.ruleId().equals("CVE-2023-46604") && x.location().equals(WAR))
                .findFirst().orElseThrow();
        assertThat(f.subject()).isEqualTo("pkg:maven/org.apache.activemq/activemq-web-console@5.15.9");
        assertThat(f.properties().get("match")).contains("cpe:2.3:a:apache:activemq");
        assertThat(report.subjects()).contains("pkg:maven/org.apache.activemq/activemq-web-console@5.15.9");
        var inventory = new io.releasegates.inventory.PackageInventory(new io.releasegates.inventory.PackageWalker(),
                null, s -> { }).inventory(work.resolve("pkg").resolve(WAR));
        assertThat(inventory.root()).as("root of " + inventory.components()).isPresent();
        assertThat(io.releasegates.inventory.PackageInventory.report(inventory, WAR).subjects())
                .contains("pkg:maven/org.apache.activemq/activemq-web-console@5.15.9");
    }

    @Test
    void shouldHandAMetadataLessJarToDependencyCheckUnderItsOwnFileName() {
        assertThat(advisoriesAt(ANNOTATIONS)).contains("CVE-2020-11996", "CVE-2020-13935", "CVE-2020-1938",
                "CVE-2020-9484", "CVE-2021-25122", "CVE-2022-42252", "CVE-2023-46589");
        assertThat(report.findings()).filteredOn(f -> f.location().equals(ANNOTATIONS) && f.ruleId().equals("CVE-2020-1938"))
                .singleElement().satisfies(f -> assertThat(f.properties()).containsEntry("confidence", "fuzzy-cpe"));
    }

    @Test
    void shouldNotNameAHelperArtifactOnItsOwnVersionLineAfterItsFamilysProduct() {
        // Dependency-Check's own guess may still name ActiveMQ (fuzzy-cpe, for parity); our exact mapping must not
        assertThat(report.findings()).filteredOn(f -> f.location().equals(PROTOBUF))
                .noneSatisfy(f -> assertThat(f.properties().getOrDefault("match", "").toString()).contains("derived mapping"));
        CpeMapping mapping = CpeMapping.builtIn();
        assertThat(mapping.decide("org.apache.activemq.protobuf", "activemq-protobuf", "1.1", nvd)).isEmpty();
        assertThat(mapping.decide("org.eclipse.jetty.toolchain.setuid", "jetty-setuid-java", "1.0.4", nvd)).isEmpty();
        // the version-less decision (identification without a version) still names the family's product
        assertThat(pairs(mapping.decide("org.eclipse.jetty.toolchain.setuid", "jetty-setuid-java", "", nvd)))
                .contains("eclipse:jetty");
    }

    @Test
    void shouldKeepTheProductsNameForPartsOnItsVersionLine() {
        CpeMapping mapping = CpeMapping.builtIn();
        assertThat(pairs(mapping.decide("org.apache.tomcat.embed", "tomcat-embed-core", "8.5.23", nvd))).contains("apache:tomcat");
        assertThat(pairs(mapping.decide("org.eclipse.jetty", "jetty-server", "9.4.20.v20190813", nvd))).contains("eclipse:jetty");
        assertThat(pairs(mapping.decide("org.apache.activemq", "activemq-broker", "5.15.9", nvd))).contains("apache:activemq");
        // no leading number, no line to compare: no tier-3 guess
        assertThat(mapping.decide("org.apache.activemq", "activemq-broker", "RELEASE", nvd)).isEmpty();
    }

    @Test
    void shouldReadAProductsVersionLinesOffNvdsRules() {
        CpeRule before = new CpeRule("CVE-X", "apache", "activemq", "*", "*", null, null, null, "5.15.12");
        assertThat(before.spansMajor(5)).isTrue();
        assertThat(before.spansMajor(4)).isTrue();
        assertThat(before.spansMajor(1)).isFalse();
        CpeRule range = new CpeRule("CVE-X", "eclipse", "jetty", "*", "*", "7.0.0", null, null, "9.4.41");
        assertThat(List.of(7, 8, 9)).allMatch(range::spansMajor);
        assertThat(range.spansMajor(10)).isFalse();
        assertThat(new CpeRule("CVE-X", "a", "b", "2.3.1", "*", null, null, null, null).spansMajor(2)).isTrue();
        assertThat(new CpeRule("CVE-X", "a", "b", "*", "*", null, null, null, null).spansMajor(1)).isTrue();
        assertThat(new CpeRule("CVE-X", "a", "b", "*", "*", "3.0", null, null, null).spansMajor(12)).isTrue();
        assertThat(CpeMapping.major("99999999999999999999")).isEmpty();
        assertThat(CpeMapping.major("8.5.23")).hasValue(8);
    }

    private static List<String> pairs(java.util.Optional<CpeMapping.Decision> d) {
        return d.map(x -> x.pairs().stream().map(Object::toString).toList()).orElse(List.of());
    }
}
