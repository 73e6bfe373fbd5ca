package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.web.FleetDashboard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answers that carried the whole fleet, now one page each (issue #19, under 500 KB): {@code /api/hosts},
 * {@code /api/components}, {@code /api/releases}, the component and host details, {@code /overview} and
 * {@code /overview/hosts}. Walking the pages gives exactly the complete export; a change to the data shows at once.
 */
abstract class WholeAnswersContract extends OpenStoreContract {
    FleetDashboard dashboard;

    /** 105 hosts (every third in staging), each running lib-a (version by host) and lib-N for N = host % 7. */
    void build() {
        for (int i = 0; i < 105; i++) {
            store.ingest(new HostReport(String.format("h-%03d", i), i % 3 == 0 ? "staging" : "production", "web", clock.instant(),
                    List.of(new PackageRef("pkg:maven/com.acme/lib-a", "maven", "com.acme:lib-a", "1." + i % 4),
                            new PackageRef("pkg:maven/com.acme/lib-" + i % 7, "maven", "com.acme:lib-" + i % 7, "2.0"))));
        }
        dashboard = new FleetDashboard(store, CadencePolicy.defaults(), clock, "");
    }

    JsonNode json(String pathAndQuery) throws Exception {
        return DashboardRequests.json(dashboard, pathAndQuery);
    }

    /** Every page's {@code field} values in order, following {@code more}. */
    List<String> walk(String path, String field) throws Exception {
        List<String> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode p = json(path + (path.contains("?") ? "&" : "?") + "page=" + page);
            assertThat(p.get("page").asInt()).isEqualTo(page);
            p.get("items").forEach(i -> out.add(i.get(field).asText()));
            if (!p.get("more").asBoolean()) {
                assertThat(p.get("pages").asInt()).isEqualTo(page);
                return out;
            }
        }
    }

    static List<String> items(JsonNode view, String field) {
        List<String> out = new ArrayList<>();
        view.get("items").forEach(i -> out.add(i.get(field).asText()));
        return out;
    }

    @Test
    void shouldPageTheHostsAnswerAndMatchTheCompleteExport() throws Exception {
        build();
        JsonNode first = json("/api/hosts?size=10");
        assertThat(first.get("total").asInt()).isEqualTo(105);
        assertThat(first.get("pages").asInt()).isEqualTo(11);
        assertThat(first.get("more").asBoolean()).isTrue();
        assertThat(first.get("environments")).hasSize(2);
        assertThat(items(first, "name")).hasSize(10).startsWith("h-000", "h-001");
        List<String> all = items(json("/export/hosts.json"), "name");
        assertThat(all).hasSize(105);
        assertThat(walk("/api/hosts?size=10", "name")).isEqualTo(all);
        assertThat(walk("/api/hosts?environment=staging&size=7", "name"))
                .isEqualTo(views().hosts("staging").items().stream().map(h -> h.name()).toList()).hasSize(35);
        JsonNode whole = json("/api/hosts");
        assertThat(whole.get("items")).as("the default page holds 500").hasSize(105);
        assertThat(whole.get("more").asBoolean()).isFalse();
        // the figures are the live view's: packages per host
        assertThat(whole.get("items").get(0).get("packages").asInt()).isEqualTo(2);
        // a new report is seen at once, not after a refresh
        store.ingest(new HostReport("h-new", "production", "web", clock.instant(),
                List.of(new PackageRef("pkg:maven/com.acme/lib-a", "maven", "com.acme:lib-a", "1.0"))));
        assertThat(json("/api/hosts?size=1").get("total").asInt()).isEqualTo(106);
        assertThat(DashboardRequests.get(dashboard, "/api/hosts?size=1001").status()).isEqualTo(400);
        assertThat(DashboardRequests.get(dashboard, "/api/hosts?page=0").status()).isEqualTo(400);
    }

    @Test
    void shouldPageTheComponentsAnswerAndTheComponentsHosts() throws Exception {
        build();
        List<String> all = items(json("/export/components.json"), "purl");
        assertThat(all).hasSize(8);
        assertThat(walk("/api/components?size=3", "purl")).isEqualTo(all);
        JsonNode first = json("/api/components?size=3");
        assertThat(first.get("total").asInt()).isEqualTo(8);
        assertThat(first.get("hosts").asLong()).as("the fleet's counts stay whole").isEqualTo(105);
        assertThat(first.get("components").asLong()).isEqualTo(8);
        // a component's hosts: one page of 100 unless asked otherwise (105 run lib-a)
        String libA = "/api/components/pkg%3Amaven%2Fcom.acme%2Flib-a";
        assertThat(json(libA).get("hosts")).hasSize(100);
        assertThat(json(libA + "?page=2").get("hosts")).hasSize(5);
        assertThat(json(libA).get("component").get("machines").asLong()).isEqualTo(105);
        assertThat(json("/api/hosts/h-001").get("packages")).hasSize(2);
        // the console's refresh leaves its views for these answers; they stay the same
        dashboard.console().refresh();
        assertThat(walk("/api/components?size=3", "purl")).isEqualTo(all);
        assertThat(walk("/api/hosts?size=50", "name")).hasSize(105);
    }

    @Test
    void shouldPageTheReleasesAnswer() throws Exception {
        build();
        MonitorStore m = store.monitor();
        for (int r = 0; r < 5; r++) {
            m.recordRelease(new MonitorStore.Release("app-" + r, "1.0", "production", clock.instant().minusSeconds(r),
                    List.of(new MonitorStore.Component("pkg:maven/com.acme/lib-a", "1.0"))));
        }
        JsonNode first = json("/api/releases?size=2");
        assertThat(first.get("total").asInt()).isEqualTo(5);
        assertThat(items(first, "name")).containsExactly("app-0", "app-1");
        assertThat(walk("/api/releases?size=2", "name")).containsExactly("app-0", "app-1", "app-2", "app-3", "app-4");
        assertThat(json("/api/releases").get("items")).hasSize(5);
    }

    @Test
    void shouldPageTheOverviewTables() throws Exception {
        build();
        String page = DashboardRequests.get(dashboard, "/overview").body();
        assertThat(page).contains("components 1–8 of 8").contains("data-purl=\"pkg:maven/com.acme/lib-a\"");
        String hosts = DashboardRequests.get(dashboard, "/overview/hosts?environment=production").body();
        assertThat(hosts).contains("hosts 1–70 of 70").contains("data-host=\"h-001\"").doesNotContain("data-host=\"h-000\"");
        String second = DashboardRequests.get(dashboard, "/overview/hosts?page=2").body();
        assertThat(second).contains("no hosts on page 2 (105 in all)").doesNotContain("data-host=");
    }
}
