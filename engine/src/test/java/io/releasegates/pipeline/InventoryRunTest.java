package io.releasegates.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryRunTest {
    private static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    private static final Path SOURCES = Path.of(System.getProperty("releasegates.fixtureSources"));

    @Test
    void shouldInventoryAPackageAndWriteItsSbom(@TempDir Path tmp) throws Exception {
        Path war = FIXTURES.resolve("sample-fixed.war");

        GateReport report = new InventoryRun(war, false, null, null, null, null, tmp.resolve("out/bom.cdx.json")).run();

        assertThat(report.gate()).isEqualTo("inventory");
        assertThat(report.summary().get("components")).isGreaterThan(5L);
        assertThat(report.inputs()).anySatisfy(i -> assertThat(i.role()).isEqualTo("package"));
        assertThat(tmp.resolve("out/bom.cdx.json")).content().contains("\"bomFormat\"").contains("pkg:maven/");
    }

    @Test
    void shouldInventoryAHostRootAsXml(@TempDir Path tmp) throws Exception {
        GateReport report = new InventoryRun(null, true, SOURCES.resolve("src/host-debian"), null, null, "xml",
                tmp.resolve("host.cdx.xml")).run();

        assertThat(report.inputs()).anySatisfy(i -> assertThat(i.role()).isEqualTo("host"));
        assertThat(tmp.resolve("host.cdx.xml")).content().contains("<bom").contains("pkg:deb/");
        assertThat(InventoryRun.sbomExtension("xml")).isEqualTo("cdx.xml");
        assertThat(InventoryRun.sbomExtension(null)).isEqualTo("cdx.json");
    }

    @Test
    void shouldRefuseNeitherOrBothAndAMissingComparisonSbom(@TempDir Path tmp) {
        Path war = FIXTURES.resolve("sample-fixed.war");
        assertThatThrownBy(() -> new InventoryRun(null, false, null, null, null, null, tmp.resolve("a")).run())
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new InventoryRun(war, true, null, null, null, null, tmp.resolve("a")).run())
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new InventoryRun(war, false, null, null, tmp.resolve("nope.json"), null, tmp.resolve("a"))
                .run()).isInstanceOf(BadInputException.class).hasMessageContaining("nope.json");
    }
}
