package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.report.HtmlPage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console as a fragment for a host page (the Jenkins plugin): no shell, no script, every link under the base. */
class FleetDashboardFragmentTest {
    private static final String BASE = "/jenkins/release-gates-fleet";

    @Test
    void shouldGiveEveryHtmlPageAsAFragmentWithLinksUnderTheBase(@TempDir Path tmp) {
        try (FleetStore store = FleetStores.open(tmp.resolve("fleet").toString())) {
            store.ingest(new HostReport("web-1", "production", "web", Instant.now(),
                    List.of(new PackageRef("pkg:deb/debian/openssl", "deb", "openssl", "3.0.11-1"))));
            FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), BASE);
            for (String path : List.of("/", "/hosts", "/components", "/advisories", "/trend", "/overview",
                    "/hosts/web-1", "/alerts", "/releases", "/changes/web-1")) {
                // the alerts list has no environment filter (an unknown parameter is a 400, not a page)
                Map<String, String> query = path.equals("/alerts") ? Map.of() : Map.of("environment", "production");
                Response page = dashboard.request(path, query);
                HtmlPage.Fragment fragment = page.fragment().orElseThrow(() -> new AssertionError(path));
                assertThat(fragment.title()).as(path).isNotBlank();
                assertThat(fragment.body()).as(path).doesNotContain("<script").doesNotContain("<style")
                        .doesNotContain("<body").doesNotContain(" style=\"").doesNotContain(" onclick");
                Matcher links = Pattern.compile("(?:href|action)=\"([^\"]*)\"").matcher(fragment.body());
                while (links.find()) {
                    assertThat(links.group(1)).as(path + " link").startsWith(BASE + "/");
                }
            }
            Response hosts = dashboard.request("/hosts", Map.of("environment", "production"));
            assertThat(hosts.fragment().orElseThrow().body()).contains("web-1")
                    .contains("href=\"" + BASE + "/export/list/hosts.csv?environment=production\"");
            assertThat(dashboard.request("/api/list/hosts", Map.of()).fragment()).isEmpty();
            assertThat(dashboard.request("/export/list/hosts.csv", Map.of()).fragment()).isEmpty();
        }
    }
}
