package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.MutableClock;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.report.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostChangesWebTest {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final String EVIL = "<img src=x onerror=alert(3)>";

    @Test
    void shouldServeTheChangeLogAsEscapedHtmlAndAsJson(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (FleetStore store = FleetStores.open(dir.resolve("fleet").toString(), clock)) {
            PackageRef evilOld = new PackageRef("pkg:generic/evil", "generic", EVIL, "1.0");
            PackageRef evilNew = new PackageRef("pkg:generic/evil", "generic", EVIL, "2.0<b>");
            store.ingest(new HostReport("web 1/a", "production", "web", T0, List.of(evilOld,
                    PackageRef.fromPurl("pkg:deb/debian/curl@7.88.1-10"))));
            clock.advance(Duration.ofDays(1));
            store.ingest(new HostReport("web 1/a", "production", "web", clock.instant(), List.of(evilNew)));
            FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), clock, "");

            Response page = dashboard.handle("/changes/web%201%2Fa", null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).doesNotContain(EVIL).doesNotContain("2.0<b>")
                    .contains("&lt;img src=x onerror=alert(3)&gt;").contains("2.0&lt;b&gt;")
                    .contains("data-upgraded=\"1\"").contains("data-removed=\"1\"")
                    .contains("Earliest package set kept");

            Response api = dashboard.handle("/api/changes/web%201%2Fa", null);
            assertThat(api.contentType()).startsWith("application/json");
            JsonNode json = Json.mapper().readTree(api.body());
            assertThat(json.get("host").asText()).isEqualTo("web 1/a");
            assertThat(json.get("changes")).hasSize(2);
            JsonNode latest = json.get("changes").get(0);
            assertThat(latest.get("upgraded").get(0).get("name").asText()).isEqualTo(EVIL);
            assertThat(latest.get("upgraded").get(0).get("to").asText()).isEqualTo("2.0<b>");
            assertThat(latest.get("removed").get(0).get("purl").asText()).isEqualTo("pkg:deb/debian/curl");
            assertThat(json.get("changes").get(1).get("earliest").asBoolean()).isTrue();

            // the hosts list links to the host page and that to its change log, a space encoded so that it comes back
            assertThat(dashboard.handle("/hosts", null).body()).contains("href=\"/hosts/web%201%2Fa\"");
            assertThat(dashboard.handle("/hosts/web%201%2Fa", null).body()).contains("href=\"/changes/web%201%2Fa\"");
            assertThat(dashboard.handle("/changes/web+1%2Fa", null).status()).isEqualTo(404);
            assertThat(dashboard.handle("/changes/nobody", null).status()).isEqualTo(404);
            assertThat(dashboard.handle("/api/changes/nobody", null).status()).isEqualTo(404);
        }
    }
}
