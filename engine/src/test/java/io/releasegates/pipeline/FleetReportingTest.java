package io.releasegates.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.report.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetReportingTest {
    private static final Path SOURCES = Path.of(System.getProperty("releasegates.fixtureSources"));

    @Test
    void shouldIngestAHostInventoryUnderItsOwnNameOnceAndOnlyOnce(@TempDir Path tmp) throws Exception {
        Path sbom = tmp.resolve("host.cdx.json");
        io.releasegates.inventory.PackageInventory.run(io.releasegates.inventory.InventoryRequest.builder()
                .host(true, SOURCES.resolve("src/host-debian")).sbom(sbom).build());
        byte[] bytes = Files.readAllBytes(sbom);

        try (FleetStore store = FleetStores.open(tmp.resolve("fleet").toString())) {
            FleetStore.IngestResult first = FleetReporting.ingest(store, bytes, "host.cdx.json", null, "production", "web",
                    Instant.parse("2026-11-28T10:00:00Z"));
            FleetStore.IngestResult again = FleetReporting.ingest(store, bytes, "host.cdx.json", null, "production", "web",
                    Instant.parse("2026-11-28T11:00:00Z"));
            FleetStore.IngestResult renamed = FleetReporting.ingest(store, bytes, "host.cdx.json", "agent-2", null, null,
                    Instant.parse("2026-11-28T11:00:00Z"));

            assertThat(first.host()).isEqualTo("build-agent-07");
            assertThat(first.changed()).isTrue();
            assertThat(first.packages()).isGreaterThan(10);
            assertThat(again.changed()).isFalse();
            assertThat(renamed.host()).isEqualTo("agent-2");
            assertThat(store.host("build-agent-07")).isPresent();
            assertThat(store.hosts("production")).hasSize(1);
        }
    }

    @Test
    void shouldRefuseWhatIsNoSbom(@TempDir Path tmp) throws Exception {
        try (FleetStore store = FleetStores.open(tmp.resolve("fleet").toString())) {
            assertThatThrownBy(() -> FleetReporting.ingest(store, "{}".getBytes(StandardCharsets.UTF_8), "x.json", null,
                    null, null, Instant.now())).isInstanceOf(BadInputException.class).hasMessageContaining("x.json");
        }
    }
}
