package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.files.Digests;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PackageInventoryTest {
    private static final PackageInventory INVENTORY = new PackageInventory(new PackageWalker(),
            new MavenRepositoryIndex(MavenRepositoryIndex.defaultRepository(), null), s -> { });

    /** Every sample release against the coordinates the fixture build downloaded. */
    @TestFactory
    Stream<DynamicTest> shouldListEveryJarOfTheSampleReleasesWithItsPurlAndHashes() {
        return Stream.of(
                new Object[] {"sample-vulnerable.war", "expected-vulnerable.txt", "vulnerable-lib", "WEB-INF/lib/"},
                new Object[] {"sample-fixed.war", "expected-fixed.txt", "fixed-lib", "WEB-INF/lib/"},
                new Object[] {"sample-vulnerable-boot.jar", "expected-vulnerable.txt", "vulnerable-lib", "BOOT-INF/lib/"},
                new Object[] {"sample-fixed-boot.jar", "expected-fixed.txt", "fixed-lib", "BOOT-INF/lib/"})
                .map(row -> DynamicTest.dynamicTest((String) row[0], () -> assertInventory((String) row[0],
                        (String) row[1], (String) row[2], (String) row[3])));
    }

    private static void assertInventory(String pkg, String expectedFile, String libDir, String prefix) throws IOException {
        Inventory inv = INVENTORY.inventory(Fixtures.file(pkg));

        Set<String> expected = Files.readAllLines(Fixtures.file(expectedFile)).stream().filter(l -> !l.isBlank())
                .map(l -> l.replace("WEB-INF/lib/", prefix)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> actual = inv.all().map(c -> c.purl() + " " + c.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(actual).isEqualTo(expected);
        assertThat(inv.complete()).isTrue();
        assertThat(inv.findings()).isEmpty();
        assertThat(inv.subjectSha256()).isEqualTo(Digests.sha256(Fixtures.file(pkg)));

        try (Stream<Path> jars = Files.list(Fixtures.file(libDir))) {
            for (Path jar : jars.toList()) {
                Component c = inv.components().stream()
                        .filter(x -> x.path().equals(prefix + jar.getFileName())).findFirst().orElseThrow();
                assertThat(c.sha256()).as(c.path()).isEqualTo(Digests.sha256(jar));
                assertThat(c.sha1()).as(c.path()).isEqualTo(DigestingStream.of(jar).sha1());
            }
        }
    }

    @Test
    void shouldIdentifyJarsWithoutMavenMetadataExactlyFromTheMavenRepository() {
        Inventory inv = INVENTORY.inventory(Fixtures.file("sample-vulnerable.war"));
        Map<String, Component> byName = inv.components().stream().collect(Collectors.toMap(Component::name, c -> c));

        assertThat(byName.get("spring-core").evidence()).isEqualTo(Evidence.MAVEN_REPOSITORY_SHA1);
        assertThat(byName.get("spring-core").confidence()).isEqualTo(Evidence.Confidence.EXACT);
        assertThat(byName.get("postgresql").purl()).isEqualTo("pkg:maven/org.postgresql/postgresql@42.3.2");
        assertThat(byName.get("log4j-core").evidence()).isEqualTo(Evidence.POM_PROPERTIES);
        Component shaded = byName.get("acme-text-utils");
        assertThat(shaded.nested()).extracting(Component::purl)
                .containsExactly("pkg:maven/org.apache.commons/commons-text@1.9");
        assertThat(shaded.nested().get(0).sha256()).isEmpty();
    }

    @Test
    void shouldNeverInventAPurlWithoutARepositoryMatch() {
        PackageInventory withoutRepository = new PackageInventory(new PackageWalker(), null, s -> { });
        Inventory inv = withoutRepository.inventory(Fixtures.file("sample-vulnerable.war"));
        Component spring = inv.components().stream().filter(c -> c.path().endsWith("spring-core-5.3.17.jar"))
                .findFirst().orElseThrow();

        assertThat(spring.purl()).isEmpty();
        assertThat(spring.evidence()).isEqualTo(Evidence.MANIFEST);
        assertThat(spring.version()).isEqualTo("5.3.17");
        assertThat(inv.findings()).extracting(f -> f.ruleId() + " " + f.location())
                .contains("RG-INV-UNIDENTIFIED WEB-INF/lib/spring-core-5.3.17.jar",
                        "RG-INV-UNIDENTIFIED WEB-INF/lib/h2-2.0.202.jar");
    }

    @Test
    void shouldListASingleJarAsItsOwnComponent() {
        Inventory inv = INVENTORY.inventory(Fixtures.file("vulnerable-lib/acme-text-utils-1.0.0.jar"));

        assertThat(inv.components()).extracting(Component::purl)
                .containsExactly("pkg:maven/com.acme/acme-text-utils@1.0.0");
        assertThat(inv.all().map(Component::purl).toList())
                .isEqualTo(List.of("pkg:maven/com.acme/acme-text-utils@1.0.0",
                        "pkg:maven/org.apache.commons/commons-text@1.9"));
    }

    @Test
    void shouldSummariseTheInventoryAsGateEvidenceWithThePackageHash() throws IOException {
        Path war = Fixtures.file("sample-fixed.war");
        GateReport report = PackageInventory.report(INVENTORY.inventory(war), war.toString());

        assertThat(report.gate()).isEqualTo("inventory");
        assertThat(report.inputs()).singleElement().satisfies(i -> {
            assertThat(i.role()).isEqualTo("package");
            assertThat(i.sha256()).isEqualTo(Digests.sha256(war));
        });
        assertThat(report.summary()).containsEntry("components", 14L).containsEntry("nested", 1L)
                .containsEntry("unidentified", 0L);
        assertThat(report.subjects()).contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1");
    }
}
