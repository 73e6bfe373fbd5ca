package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;


import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.FleetFixtures;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.SbomReader;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.report.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard over real HTTP from a real store: JSON API, token-guarded ingest, and a real browser. */
class FleetServerTest {
    static final String XSS = "<script>alert(1)</script>";
    static final String TOKEN = "test-token-4f1c";
    static FleetStore store;
    static FleetHttpServer server;
    static HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() throws Exception {
        store = FleetStores.open(Files.createTempDirectory("rg-fleet-web").resolve("fleet").toString());
        store.ingest(new HostReport("web-1", "production", "web", null, plus(FleetFixtures.dpkgPackages("web-1.status"),
                FleetFixtures.appPackages("app-fixed.cdx.xml"))));
        store.ingest(new HostReport("web-2", "production", "web", null, plus(FleetFixtures.dpkgPackages("web-2.status"),
                FleetFixtures.appPackages("app-vulnerable.cdx.json"))));
        store.ingest(new HostReport("db-1", "staging", "db", null, FleetFixtures.dpkgPackages("db-1.status")));
        String evil = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[{\"type\":\"library\","
                + "\"name\":\"<script>alert(1)</script>\",\"version\":\"1.0\"}]}";
        store.ingest(new HostReport("<b>evil</b>-host", "production", "web", null,
                SbomReader.read(evil.getBytes(StandardCharsets.UTF_8), "evil.json").packages()));
        FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
        server = new FleetHttpServer(store, dashboard, "127.0.0.1", 0, TOKEN, 64 * 1024);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static List<PackageRef> plus(List<PackageRef> a, List<PackageRef> b) {
        List<PackageRef> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeTheJsonApiWithEnvironmentFilter() throws Exception {
        JsonNode all = Json.mapper().readTree(get("/api/components").body());
        JsonNode staging = Json.mapper().readTree(get("/api/components?environment=staging").body());
        assertThat(all.get("hosts").asLong()).isEqualTo(4);
        assertThat(staging.get("hosts").asLong()).isEqualTo(1);
        assertThat(staging.get("components").asLong()).isEqualTo(FleetFixtures.dpkgInstalled("db-1.status").size());

        String log4j = URLEncoder.encode("pkg:maven/org.apache.logging.log4j/log4j-core", StandardCharsets.UTF_8);
        JsonNode detail = Json.mapper().readTree(get("/api/components/" + log4j).body());
        assertThat(detail.get("component").get("machines").asLong()).isEqualTo(2);
        assertThat(detail.get("hosts")).hasSize(2);
        JsonNode host = Json.mapper().readTree(get("/api/hosts/db-1").body());
        assertThat(host.get("host").get("packages").asInt()).isEqualTo(FleetFixtures.dpkgInstalled("db-1.status").size());
        assertThat(Json.mapper().readTree(get("/api/hosts?environment=production").body()).get("items")).hasSize(3);
        assertThat(get("/api/hosts/nobody").statusCode()).isEqualTo(404);

        HttpResponse<String> csv = get("/export/components.csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.body()).startsWith("purl,name,type,version,machines").contains("log4j-core");
        HttpResponse<String> page = get("/overview");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        assertThat(page.body()).doesNotContain(XSS).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(get("/overview/hosts").body()).doesNotContain("<b>evil").contains("&lt;b&gt;evil&lt;/b&gt;-host");
        assertThat(get("/hosts").body()).doesNotContain("<b>evil").contains("&lt;b&gt;evil&lt;/b&gt;-host");
        assertThat(get("/components?q=script").body()).doesNotContain(XSS).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void shouldKeepTheHostViewsAsTheyWereWhileNoScanDataExists() throws Exception {
        assertThat(store.vulnerabilities().isEmpty()).isTrue();
        JsonNode hosts = Json.mapper().readTree(get("/api/hosts").body());
        // one page of the whole view (WholeAnswers): where it is, then the items
        assertThat(fields(hosts)).containsExactly("environment", "environments", "generatedAt", "page", "size", "total", "pages",
                "more", "items");
        for (JsonNode h : hosts.get("items")) {
            assertThat(fields(h)).containsExactly("name", "environment", "role", "lastReport", "packages", "upToDate",
                    "patchLevel", "outOfPolicy");
        }
        JsonNode host = Json.mapper().readTree(get("/api/hosts/web-2").body());
        assertThat(fields(host)).containsExactly("host", "packages");
        for (JsonNode p : host.get("packages")) {
            assertThat(fields(p)).containsExactly("purl", "type", "name", "version", "newest", "versionsBehind", "daysBehind",
                    "tier", "compliance");
        }
        assertThat(get("/export/hosts.csv").body()).startsWith(
                "host,environment,role,last_report,packages,up_to_date,patch_level,out_of_policy\r\n");
        for (String page : List.of("/overview/hosts", "/hosts/web-2", "/overview/hosts?environment=staging", "/hosts")) {
            String body = get(page).body();
            assertThat(body).as(page).doesNotContain("vulnerab").doesNotContain("no scan data").doesNotContain("checked");
        }
        assertThat(get("/overview/hosts").body()).contains("<th>last report</th></tr></thead>");
        assertThat(get("/hosts/web-2").body()).contains("<th>compliance</th></tr></thead>");
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void shouldAcceptReportsOnlyWithTheTokenAndWithinTheSizeLimit() throws Exception {
        byte[] sbom = Files.readAllBytes(FleetFixtures.sources().resolve("app-vulnerable.cdx.json"));
        URI uri = URI.create(base + "/api/reports?host=app-9&environment=qa");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(sbom)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN + "x")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sbom)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(sbom)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(ok.body()).get("packages").asInt()).isEqualTo(13);
        assertThat(store.host("app-9")).hasValueSatisfying(h -> assertThat(h.environment()).isEqualTo("qa"));

        byte[] big = new byte[64 * 1024 + 1];
        HttpResponse<String> tooBig = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("not an sbom")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/api/hosts"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldReadARefusedBodyOfModestSizeSoTheAnswerArrivesAndTheConnectionStaysUsable() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int size = 256 * 1024;
            out.write(("POST /api/reports?host=x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[size]);
            out.flush();
            String refused = response(in);
            assertThat(refused).startsWith("HTTP/1.1 413").doesNotContainIgnoringCase("connection: close");

            out.write("GET /api/hosts HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(response(in)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void shouldCloseTheConnectionRatherThanReadAHugeRefusedBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/reports?host=x HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + (FleetHttpServer.DRAIN_LIMIT + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String refused = response(socket.getInputStream());
            assertThat(refused).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
        }
    }

    /** One HTTP/1.1 response with a Content-Length body, read off the socket. */
    private static String response(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void shouldBeReadOnlyWithoutAToken() throws Exception {
        FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
        try (FleetHttpServer readOnly = new FleetHttpServer(store, dashboard, "127.0.0.1", 0, null, 1024)) {
            readOnly.start();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + readOnly.port()
                    + "/api/reports?host=x")).header("Authorization", "Bearer anything")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
        }
    }

    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (new File(dir, name).canExecute()) {
                    return new File(dir, name).getPath();
                }
            }
        }
        return null;
    }

    static String browser(String url, String... extra) throws Exception {
        String chromium = chromium();
        Path profile = Files.createTempDirectory("rg-chromium");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Path out = Files.createTempFile("rg-chromium", ".html");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return Files.readString(out);
    }

    @Test
    void shouldShowTheSameCountsInTheBrowserAsTheJsonApiAndScriptNamesAsText() throws Exception {
        String chromium = chromium();
        io.releasegates.tools.ExternalTool.require("chromium", "chromium", "chromium-browser", "google-chrome");
        String dom = browser(base + "/overview", "--dump-dom");
        // /overview's first page holds 200 components: the API's first page of the same size
        JsonNode api = Json.mapper().readTree(get("/api/components?size=200").body());
        assertThat(api.get("total").asLong()).as("more components than one page").isGreaterThan(200);

        assertThat(number(dom, "count-hosts")).isEqualTo(api.get("hosts").asLong());
        assertThat(number(dom, "count-components")).isEqualTo(api.get("components").asLong());
        assertThat(number(dom, "count-installations")).isEqualTo(api.get("installations").asLong());
        assertThat(number(dom, "count-out-of-policy")).isEqualTo(api.get("outOfPolicy").asLong());

        Map<String, Long> shown = new HashMap<>();
        Matcher row = Pattern.compile("<tr data-purl=\"([^\"]*)\">.*?<td class=\"num machines\">(\\d+)</td>", Pattern.DOTALL).matcher(dom);
        while (row.find()) {
            shown.put(row.group(1).replace("&amp;", "&"), Long.parseLong(row.group(2)));
        }
        Map<String, Long> expected = new HashMap<>();
        api.get("items").forEach(c -> expected.put(c.get("purl").asText(), c.get("machines").asLong()));
        assertThat(shown).isEqualTo(expected);

        // the hostile name is text in the DOM: escaped in serialisation, and the page's only script is the sorter
        assertThat(dom).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Pattern.compile("<script>").matcher(dom).results().count()).isEqualTo(1);
        assertThat(dom).doesNotContain(XSS);

        Path shot = Path.of("target", "fleet-dashboard.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        browser(base + "/overview", "--screenshot=" + shot, "--window-size=1280,1600", "--hide-scrollbars");
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    private static long number(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\" data-count=\"([0-9.]+)\"").matcher(dom);
        assertThat(m.find()).as(id + " shown").isTrue();
        return Long.parseLong(m.group(1));
    }
}
