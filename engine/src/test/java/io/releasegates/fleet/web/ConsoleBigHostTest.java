package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One host reporting 140,000 packages used to make the dashboard's first page a 55 MB table. Every console page and
 * the host's own page now answer with one page of rows, whatever the host holds.
 */
class ConsoleBigHostTest {
    static final int PACKAGES = 140_000;
    static final int LIMIT = 500 * 1024;

    @Test
    void shouldKeepEveryPageSmallWhenOneHostReports140000Packages() {
        // in memory: the dictionary commits each new package on its own, 140,000 disk syncs would only time the disk
        try (FleetStore store = FleetStores.open("jdbc:h2:mem:console-big-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
            List<PackageRef> big = new ArrayList<>(PACKAGES);
            for (int i = 0; i < PACKAGES; i++) {
                big.add(new PackageRef("pkg:deb/debian/pkg-" + i, "deb", "pkg-" + i, "1." + (i % 7)));
            }
            store.ingest(new HostReport("big-1", "production", "build", null, big));
            store.ingest(new HostReport("small-1", "production", "web", null, big.subList(0, 10)));
            FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
            dashboard.console().refresh();
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (String path : List.of("/", "/components", "/components?sort=component&page=2000", "/hosts", "/hosts/big-1",
                    "/hosts/big-1?page=1400", "/api/list/components?size=500", "/api/list/hosts", "/advisories", "/trend",
                    "/api/attention")) {
                String[] parts = path.split("\\?", 2);
                Map<String, String> query = parts.length == 1 ? Map.of() : FleetHttpServer.query(parts[1]);
                Response r = dashboard.request(parts[0], query);
                assertThat(r.status()).as(path + ": " + r.body().lines().findFirst().orElse("")).isEqualTo(200);
                sizes.put(path, r.body().getBytes(StandardCharsets.UTF_8).length);
            }
            assertThat(sizes).allSatisfy((path, size) -> assertThat(size).as(path).isLessThan(LIMIT));
            assertThat(dashboard.request("/components", Map.of()).body()).contains("data-count=\"" + PACKAGES + "\"");
            String lastPage = dashboard.request("/hosts/big-1", Map.of("page", "1400")).body();
            assertThat(lastPage).contains("page 1400 of 1400").contains("pkg-99999<");
        }
    }
}
