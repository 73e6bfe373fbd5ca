package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.fleet.monitor.AdvisorySources;
import io.releasegates.fleet.monitor.MonitorFixtures;
import io.releasegates.fleet.monitor.MonitorPass;
import io.releasegates.pipeline.FleetReporting;
import io.releasegates.report.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor on the dashboard over real HTTP: /api/events, /api/releases, and the home page's "newly exposed since
 * the last data update" panel read back from headless Chromium and compared with /api/events. Names and advisory ids
 * are hostile: they must arrive as text.
 */
class MonitorWebTest {
    static final String EVIL_HOST = "<img src=x onerror=alert(7)>";
    static final String EVIL_ADVISORY = "GHSA-<script>alert(8)</script>";
    static FleetStore store;
    static FleetHttpServer server;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        store = FleetStores.open(Files.createTempDirectory("rg-monitor-web").resolve("fleet").toString());
        Path data = Files.createTempDirectory("rg-monitor-web-data");
        var lib = MonitorFixtures.maven("org.example", "lib", "1.0.0");
        var old = MonitorFixtures.maven("org.example", "old", "3.0");
        store.ingest(new HostReport("web-1", "production", "web", Instant.now(), List.of(lib, old)));
        store.ingest(new HostReport(EVIL_HOST, "staging", "web", Instant.now(), List.of(lib)));
        store.ingest(new HostReport("web-3", "production", "web", Instant.now(), List.of(old)));
        FleetReporting.recordRelease(store, MonitorFixtures.sbom(List.of("pkg:maven/org.example/lib@1.0.0")), "app.cdx.json",
                "shop", "4.2", "production", Instant.now());
        // before the update: old@3.0 is already exposed, so it is not "newly" exposed afterwards
        MonitorFixtures.writeMavenArchive(data, Map.of("old.json",
                MonitorFixtures.osv("GHSA-old1", "org.example:old", "3.1", MonitorFixtures.MEDIUM)));
        AdvisorySources layout = AdvisorySources.resolve(data, List.of(), null, data);
        MonitorPass.run(store, layout, Clock.systemUTC());
        Map<String, String> records = new LinkedHashMap<>();
        records.put("old.json", MonitorFixtures.osv("GHSA-old1", "org.example:old", "3.1", MonitorFixtures.MEDIUM));
        records.put("new.json", MonitorFixtures.osv("GHSA-new1", "org.example:lib", "1.2.0", MonitorFixtures.CRITICAL));
        records.put("evil.json", MonitorFixtures.osv(EVIL_ADVISORY.replace("\"", ""), "org.example:lib", "1.1.0",
                MonitorFixtures.MEDIUM));
        MonitorFixtures.writeMavenArchive(data, records);
        MonitorPass.run(store, layout, Clock.systemUTC());
        FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
        server = new FleetHttpServer(store, dashboard, "127.0.0.1", 0, null, 64 * 1024);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeEventsSinceATimeAndRefuseABadOne() throws Exception {
        JsonNode all = Json.mapper().readTree(get("/api/events").body());
        // pass 1: web-1 and web-3 exposed to GHSA-old1; pass 2: web-1, the evil host and the release to both new ones
        assertThat(all.get("items")).hasSize(8);
        assertThat(all.get("lastDataUpdate").asText()).isNotBlank();
        Instant update = Instant.parse(all.get("lastDataUpdate").asText());
        JsonNode recent = Json.mapper().readTree(get("/api/events?since=" + URLEncoder.encode(update.minusMillis(1).toString(),
                StandardCharsets.UTF_8)).body());
        assertThat(recent.get("items")).hasSize(6).allSatisfy(e -> assertThat(e.get("pass").asLong()).isEqualTo(2));
        assertThat(Json.mapper().readTree(get("/api/events?after=7").body()).get("items")).hasSize(1);
        assertThat(Json.mapper().readTree(get("/api/events?since=1h").body()).get("items")).hasSize(8);
        HttpResponse<String> bad = get("/api/events?since=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("yesterday");
    }

    @Test
    void shouldListReleasesPerEnvironmentWithComponentsAndCurrentExposure() throws Exception {
        JsonNode releases = Json.mapper().readTree(get("/api/releases").body());
        assertThat(releases.get("monitored").asBoolean()).isTrue();
        JsonNode shop = releases.get("items").get(0);
        assertThat(shop.get("name").asText()).isEqualTo("shop");
        assertThat(shop.get("environment").asText()).isEqualTo("production");
        assertThat(shop.get("components").get(0).get("purl").asText()).isEqualTo("pkg:maven/org.example/lib");
        assertThat(shop.get("highest").asText()).isEqualTo("critical");
        assertThat(shop.get("exposure")).extracting(x -> x.get("advisory").asText())
                .containsExactly("GHSA-new1", EVIL_ADVISORY);
        assertThat(Json.mapper().readTree(get("/api/releases?environment=staging").body()).get("items")).isEmpty();
        String page = get("/releases").body();
        assertThat(page).contains("shop").contains("GHSA-new1").doesNotContain("<script>alert(8)");
    }

    @Test
    void shouldShowTheNewlyExposedPanelInTheBrowserAsTheEventsApiSaysEscaped() throws Exception {
        io.releasegates.tools.ExternalTool.require("chromium", "chromium", "chromium-browser", "google-chrome");
        String dom = FleetServerTest.browser(base + "/", "--dump-dom");
        JsonNode all = Json.mapper().readTree(get("/api/events").body());
        Instant update = Instant.parse(all.get("lastDataUpdate").asText());
        long updatePass = 0;
        for (JsonNode e : all.get("items")) {
            if (!Instant.parse(e.get("at").asText()).isBefore(update)) {
                updatePass = e.get("pass").asLong();
                break;
            }
        }
        // expected: the exposed events of the passes since the update whose pair was not resolved later
        Map<Long, String> expected = new HashMap<>();
        Map<Long, String> pairs = new HashMap<>();
        Set<String> resolved = new HashSet<>();
        for (JsonNode e : all.get("items")) {
            String pair = e.get("subject").get("kind").asText() + " " + e.get("subject").get("name").asText() + " "
                    + e.get("advisory").asText();
            if (e.get("type").asText().equals("resolved")) {
                resolved.add(pair);
            } else if (e.get("pass").asLong() >= updatePass) {
                pairs.put(e.get("id").asLong(), pair);
                expected.put(e.get("id").asLong(), e.get("severity").asText() + "|" + e.get("advisory").asText() + "|"
                        + e.get("subject").get("kind").asText() + " " + e.get("subject").get("name").asText() + "|"
                        + e.get("fixedIn").asText());
            }
        }
        expected.keySet().removeIf(id -> resolved.contains(pairs.get(id)));
        Map<Long, String> shown = new HashMap<>();
        Matcher row = Pattern.compile("<tr data-event=\"(\\d+)\">(.*?)</tr>", Pattern.DOTALL).matcher(dom);
        while (row.find()) {
            Matcher m = Pattern.compile("<span class=\"sev sev-[a-z]+\">([a-z]+)</span></td><td class=\"advisory\">([^<]*)</td>"
                    + "<td class=\"subject\">([a-z]+) (?:<a [^>]*>)?([^<]*)(?:</a>)?</td>.*<td class=\"fixed\">([^<]*)</td>",
                    Pattern.DOTALL).matcher(row.group(2));
            assertThat(m.find()).as(row.group(2)).isTrue();
            shown.put(Long.parseLong(row.group(1)), m.group(1) + "|" + unescape(m.group(2)) + "|" + m.group(3) + " "
                    + unescape(m.group(4)) + "|" + unescape(m.group(5)));
        }
        assertThat(shown).isEqualTo(expected).hasSize(6);
        assertThat(shown.values()).anyMatch(v -> v.equals("critical|GHSA-new1|host " + EVIL_HOST + "|1.2.0"))
                .noneMatch(v -> v.contains("GHSA-old1"));
        assertThat(number(dom, "count-newly-exposed")).isEqualTo(6);
        // hostile names arrive as text: no element came from them
        assertThat(dom).doesNotContain("<script>alert(8)").doesNotContain("<img src=x onerror=alert(7)>");
        // worst first
        Matcher order = Pattern.compile("<tr data-event=\"\\d+\"><td><span class=\"sev sev-([a-z]+)\"").matcher(dom);
        assertThat(order.find()).isTrue();
        assertThat(order.group(1)).isEqualTo("critical");
    }

    static long number(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\" data-count=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as(id).isTrue();
        return Long.parseLong(m.group(1));
    }

    static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
