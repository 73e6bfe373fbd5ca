package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory gate's one request and entry point, as the CLI, the plugin and {@code check} call it. */
class InventoryRequestTest {
    private static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    private static final Path SOURCES = Path.of(System.getProperty("releasegates.fixtureSources"));

    @Test
    void shouldInventoryAPackageAndWriteItsSbom(@TempDir Path tmp) throws Exception {
        Path war = FIXTURES.resolve("sample-fixed.war");

        InventoryResult result = PackageInventory.run(InventoryRequest.builder().packagePath(war)
                .sbom(tmp.resolve("out/bom.cdx.json")).build());
        GateReport report = result.report();

        assertThat(report.gate()).isEqualTo("inventory");
        assertThat(report.summary().get("components")).isGreaterThan(5L);
        assertThat(report.inputs()).anySatisfy(i -> {
            assertThat(i.role()).isEqualTo("package");
            assertThat(i.path()).isEqualTo(war.toString());
        });
        assertThat(result.inventory().components()).hasSize(report.summary().get("components").intValue());
        assertThat(tmp.resolve("out/bom.cdx.json")).content().contains("\"bomFormat\"").contains("pkg:maven/");
    }

    @Test
    void shouldInventoryAHostRootAsXml(@TempDir Path tmp) throws Exception {
        GateReport report = PackageInventory.run(InventoryRequest.builder()
                .host(true, SOURCES.resolve("src/host-debian")).format(CycloneDx.Format.XML)
                .sbom(tmp.resolve("host.cdx.xml")).build()).report();

        assertThat(report.inputs()).anySatisfy(i -> assertThat(i.role()).isEqualTo("host"));
        assertThat(tmp.resolve("host.cdx.xml")).content().contains("<bom").contains("pkg:deb/");
        assertThat(InventoryRequest.sbomExtension("xml")).isEqualTo("cdx.xml");
        assertThat(InventoryRequest.sbomExtension(null)).isEqualTo("cdx.json");
    }

    @Test
    void shouldWriteNoSbomWithoutATargetAndUseNoMavenRepositoryWhenToldNone(@TempDir Path tmp) throws Exception {
        Path war = FIXTURES.resolve("sample-fixed.war");

        InventoryResult result = PackageInventory.run(InventoryRequest.builder().packagePath(war).noMavenRepo()
                .build());

        assertThat(result.inventory().metadata()).doesNotContainKey("maven.repository");
        assertThat(result.report().gate()).isEqualTo("inventory");
        try (var files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
        assertThatThrownBy(() -> InventoryRequest.builder().packagePath(war).noMavenRepo().mavenRepo(tmp).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void shouldRefuseNeitherOrBothAndAMissingComparisonSbom(@TempDir Path tmp) {
        Path war = FIXTURES.resolve("sample-fixed.war");
        assertThatThrownBy(() -> PackageInventory.run(InventoryRequest.builder().sbom(tmp.resolve("a")).build()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("inventory needs either a package path or host (not both)");
        assertThatThrownBy(() -> PackageInventory.run(InventoryRequest.builder().packagePath(war).host(true, null)
                .sbom(tmp.resolve("a")).build()))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).message(k -> "--" + k)).contains("--host"));
        assertThatThrownBy(() -> PackageInventory.run(InventoryRequest.builder().packagePath(war)
                .compare(tmp.resolve("nope.json")).sbom(tmp.resolve("a")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope.json");
        assertThat(tmp.resolve("a")).doesNotExist();
    }
}
