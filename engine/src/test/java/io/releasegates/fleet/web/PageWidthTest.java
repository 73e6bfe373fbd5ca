package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.FleetFixtures;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.ScanEvidence;
import io.releasegates.fleet.ScanFixtures;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.tools.ExternalTool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No dashboard page is wider than a 1280 px browser window at its default view: each page is opened in headless
 * Chromium at 1280x900 and the document's scroll width is read back (a script added to a copy of the page writes it
 * into the DOM Chromium dumps). A page wider than the window hides columns behind a horizontal scroll bar.
 */
class PageWidthTest {
    private static final int WINDOW = 1280;
    private static final Pattern WIDTH = Pattern.compile("data-scroll-width=\"(\\d+)\"");

    @TempDir
    Path tmp;

    @Test
    void shouldFitEveryDashboardPageIntoA1280PixelWindow() throws Exception {
        String chromium = ExternalTool.require("chromium", "chromium", "chromium-browser", "google-chrome");
        try (FleetStore store = FleetStores.open(tmp.resolve("fleet").toString())) {
            store.ingest(new HostReport("web-1", "production", "web", null, FleetFixtures.appPackages("app-fixed.cdx.xml")));
            store.ingest(new HostReport("web-2", "production", "web", null,
                    FleetFixtures.appPackages("app-vulnerable.cdx.json")));
            store.ingest(new HostReport("db-1", "staging", "db", null, FleetFixtures.dpkgPackages("db-1.status")));
            store.recordVulnerabilities(ScanEvidence.read(ScanFixtures.vulnerable()));
            FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
            String purl = dashboard.views().components(null).items().get(0).purl();
            List<String> wide = new ArrayList<>();
            for (String page : List.of("/", "/hosts", "/components", "/advisories", "/trend", "/overview", "/overview/hosts",
                    "/hosts/web-2", "/hosts/db-1",
                    "/components/" + URLEncoder.encode(purl, StandardCharsets.UTF_8))) {
                int width = scrollWidth(chromium, dashboard.handle(page, null).body(), page);
                if (width > WINDOW) {
                    wide.add(page + " is " + width + " px wide");
                }
            }
            assertThat(wide).as("pages wider than the %d px window", WINDOW).isEmpty();
        }
    }

    @Test
    void shouldSayNoHostsInsteadOfAPatchLevelForAnEmptyFleet() throws Exception {
        try (FleetStore store = FleetStores.open(tmp.resolve("empty").toString())) {
            String page = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "").handle("/", null)
                    .body();

            assertThat(page).contains("id=\"patch-level\" data-count=\"no hosts\">no hosts<").doesNotContain(">100.0<");
        }
    }

    private int scrollWidth(String chromium, String html, String page) throws Exception {
        String probe = "<script>window.addEventListener('load',function(){document.body.setAttribute("
                + "'data-scroll-width',document.documentElement.scrollWidth)})</script>";
        Path file = Files.createTempFile(tmp, "page", ".html");
        Files.writeString(file, html.replace("</body>", probe + "</body>"));
        List<String> cmd = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"), "--window-size=" + WINDOW + ",900",
                "--hide-scrollbars", "--dump-dom", file.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        Matcher m = WIDTH.matcher(dom);
        assertThat(m.find()).as("%s: scroll width in the dumped DOM", page).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
