package io.releasegates.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.report.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one SBOM-into-store function behind {@code fleet ingest}, {@code POST /api/reports} and the plugin. */
class SbomIngestTest {
    private static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path dir;

    private FleetStore store() {
        return FleetStores.open(dir.resolve("fleet").toString());
    }

    private static SbomReader.Sbom sbom(String status, String subject) {
        return SbomReader.read(FleetFixtures.dpkgSbom(status, subject), status);
    }

    @Test
    void shouldStoreThePackagesOfAllTheSbomsAsOneReportOfTheNamedHost() {
        SbomReader.Sbom host = sbom("web-1.status", "subject-name");
        SbomReader.Sbom app = SbomReader.read(FleetFixtures.sources().resolve("app-vulnerable.cdx.json"));
        try (FleetStore store = store()) {
            FleetStore.IngestResult r = SbomIngest.ingest(store, List.of(host, app), "web-1.cdx.json", "web-1", "prod", "web", AT);

            assertThat(r.host()).isEqualTo("web-1");
            assertThat(r.changed()).isTrue();
            long distinct = Stream.concat(host.packages().stream(), app.packages().stream())
                    .map(p -> p.key() + "@" + p.version()).distinct().count();
            assertThat(app.packages()).isNotEmpty();
            assertThat(r.packages()).isEqualTo(distinct).isGreaterThan(host.packages().size());
            assertThat(store.host("web-1")).hasValueSatisfying(h -> {
                assertThat(h.environment()).isEqualTo("prod");
                assertThat(h.role()).isEqualTo("web");
                assertThat(h.lastReportAt()).isEqualTo(AT);
            });
            assertThat(store.host("subject-name")).isEmpty();
        }
    }

    @Test
    void shouldNameTheHostAfterTheSbomSubjectWhenNoneIsGiven() {
        try (FleetStore store = store()) {
            FleetStore.IngestResult r = SbomIngest.ingest(store, List.of(sbom("db-1.status", "db-1.example")), "request",
                    " ", null, null, null);

            assertThat(r.host()).isEqualTo("db-1.example");
            assertThat(store.host("db-1.example")).hasValueSatisfying(h -> {
                assertThat(h.environment()).isEqualTo(HostReport.DEFAULT_ENVIRONMENT);
                assertThat(h.role()).isEqualTo(HostReport.DEFAULT_ROLE);
            });
        }
    }

    @Test
    void shouldRefuseAnSbomWithoutAHostNameNamingWhereItCameFrom() {
        byte[] anonymous = """
                {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[
                 {"type":"library","name":"zlib","version":"1.2.13","purl":"pkg:deb/debian/zlib1g@1.2.13?distro=debian-12"}]}
                """.getBytes(StandardCharsets.UTF_8);
        try (FleetStore store = store()) {
            List<SbomReader.Sbom> sboms = List.of(SbomReader.read(anonymous, "request body"));

            assertThatThrownBy(() -> SbomIngest.ingest(store, sboms, "request", null, null, null, AT))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("request: no host name: name the host, or give the SBOM a metadata component name");
            assertThatThrownBy(() -> SbomIngest.ingest(store, sboms, "request", "web-1", "e".repeat(101), null, AT))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("request: environment must be at most 100 characters");
        }
    }
}
