package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.integrity.BaselineFile;
import io.releasegates.integrity.IntegrityChecker;
import io.releasegates.integrity.PathFilter;
import io.releasegates.signing.SigningKey;
import io.releasegates.integrity.watch.FleetAlertSink;
import io.releasegates.integrity.watch.IntegrityWatch;
import io.releasegates.integrity.watch.WatchOptions;
import io.releasegates.report.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real watcher posts to a real server: {@code POST /api/alerts} with the agent token, {@code GET /api/alerts}, and
 * the dashboard's open file-change alerts panel in headless Chromium, with hostile names shown as text.
 */
class FleetAlertsWebTest {
    static final String TOKEN = "alert-token-9d2e7";
    static final String EVIL_HOST = "<img src=x onerror=alert(1)>";
    static final String EVIL_FILE = "<svg onload=alert(2)>.conf";

    @TempDir
    Path tmp;
    FleetStore store;
    FleetHttpServer server;
    String base;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        store = FleetStores.open(tmp.resolve("fleet").toString());
        store.ingest(new HostReport("web-1", "production", "web", null, List.of()));
        server = new FleetHttpServer(store, new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), ""),
                "127.0.0.1", 0, TOKEN, 1 << 20);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/alerts")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a watcher on a tree whose alerts go to the server as {@code host}; returns the tree. */
    private IntegrityWatch watcher(String host, Path tree, List<String> warnings) throws Exception {
        SigningKey key = SigningKey.generateEd25519();
        Path baseline = tmp.resolve(host.hashCode() + ".baseline.json");
        BaselineFile.write(new IntegrityChecker(1).baseline(tree, PathFilter.ALL), baseline, key);
        IntegrityWatch w = new IntegrityWatch(WatchOptions.of(tree, baseline, key, host,
                List.of(new FleetAlertSink(URI.create(base), TOKEN, warnings::add)), warnings::add));
        Thread t = new Thread(() -> {
            try {
                w.run();
            } catch (Exception e) {
                warnings.add(e.toString());
            }
        });
        t.start();
        assertThat(w.awaitReady(60, TimeUnit.SECONDS)).isTrue();
        return w;
    }

    private JsonNode awaitOpen(String path, int count, long since) throws Exception {
        JsonNode open;
        do {
            open = Json.mapper().readTree(get(path).body());
            if (open.get("open").asInt() == count) {
                return open;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(2));
        throw new AssertionError("expected " + count + " open alerts at " + path + " within 2 s, have " + open);
    }

    @Test
    void shouldStoreAWatchersAlertsAndShowThemEscapedInTheBrowser() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Path tree = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tree.resolve("nginx.conf"), "a\n");
        IntegrityWatch w = watcher(EVIL_HOST, tree, warnings);
        try {
            long t = System.nanoTime();
            Files.writeString(tree.resolve(EVIL_FILE), "evil\n");
            Files.writeString(tree.resolve("nginx.conf"), "b\n");
            JsonNode open = awaitOpen("/api/alerts", 2, t);
            assertThat(open.get("alerts")).extracting(a -> a.get("path").asText())
                    .containsExactlyInAnyOrder(EVIL_FILE, "nginx.conf");
            assertThat(open.get("alerts").get(0).get("host").asText()).isEqualTo(EVIL_HOST);
            assertThat(Json.mapper().readTree(get("/api/alerts/web-1").body()).get("open").asInt()).isZero();

            io.releasegates.tools.ExternalTool.require("chromium", "chromium", "chromium-browser", "google-chrome");
            String dom = FleetServerTest.browser(base + "/", "--dump-dom");
            assertThat(dom).contains("id=\"file-alerts\"").contains("data-count=\"2\"")
                    .contains("&lt;svg onload=alert(2)&gt;.conf").contains("&lt;img src=x onerror=alert(1)&gt;")
                    .doesNotContain(EVIL_FILE).doesNotContain(EVIL_HOST);
            assertThat(Pattern.compile("<img|<svg onload").matcher(dom).results().count()).isZero();
            assertThat(Pattern.compile("<script>").matcher(dom).results().count()).as("only the page's sorter").isEqualTo(1);
            String hostPage = FleetServerTest.browser(base + "/alerts/" + UrlSegments.enc(EVIL_HOST), "--dump-dom");
            assertThat(hostPage).contains("nginx.conf").contains("modified").doesNotContain(EVIL_HOST);

            // reverting the change resolves it on the server too
            t = System.nanoTime();
            Files.writeString(tree.resolve("nginx.conf"), "a\n");
            assertThat(awaitOpen("/api/alerts", 1, t).get("alerts").get(0).get("path").asText()).isEqualTo(EVIL_FILE);
        } finally {
            w.close();
        }
        assertThat(warnings).noneMatch(x -> x.contains("cannot post") || x.contains("refused"));
    }

    @Test
    void shouldShowAHostsOpenAlertsOnItsPage() throws Exception {
        String line = "{\"time\":\"2026-12-06T10:00:00Z\",\"host\":\"web-1\",\"root\":\"/etc/nginx\",\"path\":\"nginx.conf\","
                + "\"change\":\"mode\",\"state\":\"open\",\"severity\":\"critical\",\"ruleId\":\"RG-INT-MODE\","
                + "\"baselineSha256\":null,\"sha256\":null,\"message\":\"nginx.conf has mode 0666 instead of 0644\"}";
        HttpResponse<String> r = post(line + "\n", TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String page = get("/hosts/web-1").body();
        assertThat(page).contains("Open file-change alerts").contains("0666 instead of 0644").contains("sev-critical");
        assertThat(get("/").body()).contains("data-count=\"1\"");

        assertThat(post(line.replace("\"open\"", "\"resolved\""), TOKEN).statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(get("/api/alerts/web-1").body()).get("open").asInt()).isZero();
    }

    @Test
    void shouldRefuseAlertsWithoutTheTokenOrWithBadLines() throws Exception {
        String ok = "{\"time\":\"2026-12-06T10:00:00Z\",\"host\":\"h\",\"root\":\"/r\",\"path\":\"p\",\"change\":\"added\","
                + "\"state\":\"open\",\"severity\":\"high\",\"ruleId\":\"RG-INT-ADDED\",\"message\":\"m\"}";
        assertThat(post(ok, null).statusCode()).isEqualTo(401);
        assertThat(post(ok, "wrong-token-0000000").statusCode()).isEqualTo(401);
        HttpResponse<String> bad = post(ok + "\n" + ok.replace("added", "exploded"), TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("line 2");
        assertThat(post(ok.replace("\"high\"", "\"dire\""), TOKEN).body()).contains("unknown severity");
        assertThat(post(ok.replace("\"m\"}", "\"m\",\"sha256\":\"'; DROP TABLE x\"}"), TOKEN).statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(get("/api/alerts").body()).get("open").asInt())
                .as("a refused body stores nothing, not even its good lines").isZero();
    }
}
