package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.FleetFixtures;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.KnownVulnerability;
import io.releasegates.fleet.MutableClock;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.ScannedVersion;
import io.releasegates.fleet.VulnerabilityScan;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.report.Severity;
import io.releasegates.tools.ExternalTool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An operator's walk through the console in a real browser (headless Chromium, as Debian ships it) against a real
 * server on 127.0.0.1, once per store backend: the home page, a panel's count to its filtered list, the next page, an
 * advisory page and the CSV export of the filtered view. Every page visited must fit a 1280 px window.
 */
abstract class ConsoleBrowserContract {
    static final int WINDOW = 1280;
    static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    abstract String storeUrl() throws Exception;

    /** Where the screenshots go (target/), so that docs/images can be refreshed from a run. */
    abstract String name();

    static PackageRef lib(String name, String version) {
        return new PackageRef("pkg:maven/com.acme/" + name, "maven", "com.acme:" + name, version);
    }

    /** 70 application hosts over 30 days (some upgraded, ten gone silent), plus three hosts from real dpkg and SBOM fixtures. */
    static void fleet(FleetStore store, MutableClock clock, Instant now) {
        clock.set(now.minus(Duration.ofDays(30)));
        for (int i = 0; i < 70; i++) {
            store.ingest(app(i, clock.instant(), "3.1.0", "1.4.2"));
        }
        clock.set(now.minus(Duration.ofDays(20)));
        for (int i = 0; i < 60; i += 3) {
            store.ingest(app(i, clock.instant(), "3.2.0", "1.4.2"));
        }
        clock.set(now.minus(Duration.ofDays(5)));
        for (int i = 1; i < 60; i += 3) {
            store.ingest(app(i, clock.instant(), "3.2.0", "1.5.0"));
        }
        clock.set(now.minus(Duration.ofHours(3)));
        for (int i = 2; i < 60; i += 3) {
            store.ingest(app(i, clock.instant(), "3.1.0", "1.4.2"));
        }
        store.ingest(new HostReport("web-1", "production", "web", clock.instant(), plus(FleetFixtures.dpkgPackages("web-1.status"),
                FleetFixtures.appPackages("app-fixed.cdx.xml"))));
        store.ingest(new HostReport("web-2", "production", "web", clock.instant(), plus(FleetFixtures.dpkgPackages("web-2.status"),
                FleetFixtures.appPackages("app-vulnerable.cdx.json"))));
        store.ingest(new HostReport("db-1", "staging", "db", clock.instant(), FleetFixtures.dpkgPackages("db-1.status")));
        Instant at = clock.instant();
        store.recordVulnerabilities(new VulnerabilityScan("scan of billing.war", at, List.of(
                new ScannedVersion("pkg:maven/com.acme/billing-core", "3.1.0", true, at, "scan of billing.war",
                        List.of(new KnownVulnerability("CVE-2026-31337", List.of("GHSA-7q4r-2x9v-m3c1"), Severity.CRITICAL, 9.8,
                                List.of("3.2.0"), "osv-purl", at))),
                new ScannedVersion("pkg:maven/com.acme/billing-core", "3.2.0", true, at, "scan of billing.war", List.of()),
                new ScannedVersion("pkg:maven/com.acme/auth-client", "1.4.2", true, at, "scan of billing.war",
                        List.of(new KnownVulnerability("CVE-2026-22001", List.of(), Severity.HIGH, 7.5, List.of("1.5.0"),
                                "osv-purl", at)))), 0));
        clock.set(now);
    }

    static HostReport app(int i, Instant at, String billing, String auth) {
        String env = i % 3 == 0 ? "staging" : "production";
        String name = String.format("app-%02d.%s", i, env.equals("staging") ? "stage" : "prod");
        return new HostReport(name, env, i % 4 == 0 ? "batch" : "app", at, List.of(lib("billing-core", billing),
                lib("auth-client", auth), lib("json-utils", "2.0." + (i % 2))));
    }

    static List<PackageRef> plus(List<PackageRef> a, List<PackageRef> b) {
        List<PackageRef> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void shouldWalkFromTheHomePageThroughAFilterPagingAnAdvisoryAndAnExport() throws Exception {
        ExternalTool.require("chromium", "chromium", "chromium-browser", "google-chrome");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MutableClock clock = new MutableClock(now);
        try (FleetStore store = FleetStores.open(storeUrl(), clock)) {
            fleet(store, clock, now);
            FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), clock, "");
            try (FleetHttpServer server = new FleetHttpServer(store, dashboard, "127.0.0.1", 0, null, 1 << 20)) {
                server.start();
                String base = "http://127.0.0.1:" + server.port();
                List<String> visited = new ArrayList<>();

                String home = dom(base + "/", visited);
                assertThat(home).contains("Fleet: needs attention").contains("id=\"panel-out-of-policy\"");
                Matcher vulnerable = Pattern.compile("id=\"panel-vulnerable-hosts\".*?<li data-environment=\"\">all environments: "
                        + "<a class=\"attention-count\" href=\"([^\"]+)\" data-count=\"(\\d+)\"", Pattern.DOTALL).matcher(home);
                assertThat(vulnerable.find()).as("vulnerable hosts count on the home page").isTrue();
                long count = Long.parseLong(vulnerable.group(2));
                // app hosts still on billing-core 3.1.0 or auth-client 1.4.2: all but the 1 mod 3 hosts below 60
                assertThat(count).isEqualTo(70 - 20);
                Matcher stale = Pattern.compile("id=\"panel-stale-hosts\".*?data-count=\"(\\d+)\"", Pattern.DOTALL).matcher(home);
                assertThat(stale.find()).isTrue();
                assertThat(stale.group(1)).isEqualTo("50");
                shot(base + "/", "console-home");

                String filtered = dom(base + unescape(vulnerable.group(1)), visited);
                assertThat(number(filtered, "list-total")).isEqualTo(count);
                assertThat(rows(filtered, "list-hosts")).isEqualTo(50);
                assertThat(filtered).contains("aria-sort=\"descending\"").contains("page 1 of 1");
                shot(base + unescape(vulnerable.group(1)) + "&environment=production", "console-hosts-filtered");

                String hosts = dom(base + "/hosts", visited);
                assertThat(number(hosts, "list-total")).isEqualTo(73);
                String next = attribute(hosts, "page-next");
                String second = dom(base + next, visited);
                assertThat(second).contains("page 2 of 2");
                assertThat(rows(second, "list-hosts")).isEqualTo(23);

                String advisories = dom(base + "/advisories", visited);
                Matcher first = Pattern.compile("data-column=\"advisory\"><a href=\"([^\"]+)\">CVE-2026-31337<").matcher(advisories);
                assertThat(first.find()).as("the critical advisory first").isTrue();
                String advisory = dom(base + unescape(first.group(1)), visited);
                long affected = number(advisory, "count-affected-hosts");
                assertThat(affected).isEqualTo(70 - 40);
                assertThat(rows(advisory, "affected-hosts")).isEqualTo((int) affected);
                assertThat(advisory).contains("<td class=\"fixed-in\">3.2.0</td>");

                String csvLink = attribute(filtered, "export-csv");
                HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + csvLink)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
                assertThat(csv.body().split("\r\n")).hasSize((int) count + 1);

                List<String> wide = new ArrayList<>();
                for (String page : visited) {
                    int width = scrollWidth(page);
                    if (width > WINDOW) {
                        wide.add(page + " is " + width + " px wide");
                    }
                }
                assertThat(wide).as("pages wider than %d px", WINDOW).isEmpty();
            }
        }
    }

    private static String unescape(String href) {
        return href.replace("&amp;", "&");
    }

    private static String attribute(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*href=\"([^\"]+)\"|href=\"([^\"]+)\"[^>]*id=\"" + id + "\"").matcher(dom);
        assertThat(m.find()).as("link " + id).isTrue();
        return unescape(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static long number(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\" data-count=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as(id).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static int rows(String dom, String table) {
        int start = dom.indexOf("<table id=\"" + table + "\"");
        assertThat(start).as("table " + table).isGreaterThanOrEqualTo(0);
        String body = dom.substring(dom.indexOf("<tbody>", start), dom.indexOf("</tbody>", start));
        return (int) Pattern.compile("<tr[ >]").matcher(body).results().count();
    }

    private static String dom(String url, List<String> visited) throws Exception {
        visited.add(url);
        return FleetServerTest.browser(url, "--dump-dom", "--window-size=" + WINDOW + ",900");
    }

    private void shot(String url, String file) throws Exception {
        Path shot = Path.of("target", file + "-" + name() + ".png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        FleetServerTest.browser(url, "--screenshot=" + shot, "--window-size=" + WINDOW + ",900", "--hide-scrollbars");
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    /** The page's own script is the only one its CSP allows, so the width probe runs on a copy of the served page. */
    private static int scrollWidth(String url) throws Exception {
        String html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String probe = "<script>window.addEventListener('load',function(){document.body.setAttribute("
                + "'data-scroll-width',document.documentElement.scrollWidth)})</script>";
        Path file = Files.createTempFile("rg-console-width", ".html");
        Files.writeString(file, html.replace("</body>", probe + "</body>"), StandardCharsets.UTF_8);
        String dom = FleetServerTest.browser(file.toUri().toString(), "--dump-dom", "--window-size=" + WINDOW + ",900",
                "--hide-scrollbars");
        Matcher m = Pattern.compile("data-scroll-width=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as(url + ": scroll width").isTrue();
        return Integer.parseInt(m.group(1));
    }

}
