package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release-gates data update|status} end to end: the ecosystems come from the fleet store's hosts, the archives
 * from a local server laid out as osv.dev's bucket (ETag, 304 on a match), and {@code fleet vulnerabilities --osv
 * DIR/osv} then reads what the update brought.
 */
class DataCommandTest {
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources", "../test-fixtures")).resolve("advisories");
    static final Path FLEET = ADVISORIES.resolveSibling("fleet");

    @TempDir
    Path tmp;
    Server server;
    ServerConnector connector;
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBucket() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                String match = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
                requests.add(path + (match == null ? "" : " If-None-Match: " + match));
                byte[] body = objects.get(path);
                if (body == null) {
                    response.setStatus(path.startsWith("/rest/") ? 500 : 404);
                    callback.succeeded();
                    return true;
                }
                String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
                response.getHeaders().put(HttpHeader.ETAG, etag);
                response.getHeaders().put(HttpHeader.LAST_MODIFIED, "Tue, 01 Dec 2026 09:00:00 GMT");
                if (etag.equals(match)) {
                    response.setStatus(304);
                    callback.succeeded();
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
    }

    @AfterEach
    void stopBucket() throws Exception {
        server.stop();
    }

    String base() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Test
    void shouldUpdateTheFleetsEcosystemsAndFeedFleetVulnerabilities() throws Exception {
        String store = tmp.resolve("fleet").toString();
        Path sbom = tmp.resolve("deb12-1.cdx.json");
        assertThat(ReleaseGatesCommand.run("inventory", "--host", "--root", FLEET.resolve("debian").resolve("bookworm").toString(),
                "-o", sbom.toString(), "--quiet")).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", sbom.toString(), "--host", "deb12-1", "--store", store)).isEqualTo(0);
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-fixed.cdx.xml").toString(),
                "--host", "web-1", "--store", store)).isEqualTo(0);
        objects.put("/Maven/all.zip", zip(ADVISORIES.resolve("osv")));
        objects.put("/Debian:12/all.zip", zip(ADVISORIES.resolve("osv-debian")));
        Path data = tmp.resolve("data");

        Run first = run("data", "update", "--data-dir", data.toString(), "--store", store, "--osv-base-url", base(), "--no-nvd");
        Run second = run("data", "update", "--data-dir", data.toString(), "--store", store, "--osv-base-url", base(), "--no-nvd");

        assertThat(first.code).as(first.err).isEqualTo(0);
        assertThat(first.out).contains("(OSV Maven, Debian:12)", "osv/Maven: updated, " + mavenRecords() + " records",
                "osv/Debian:12: updated, 4 records");
        assertThat(second.code).isEqualTo(0);
        assertThat(second.out).contains("osv/Maven: unchanged (not modified on the server), " + mavenRecords() + " records",
                "osv/Debian:12: unchanged (not modified on the server), 4 records");
        assertThat(requests).hasSize(4);
        assertThat(requests.subList(2, 4)).allMatch(r -> r.contains("If-None-Match: \""));
        assertThat(data.resolve("osv").resolve("Debian:12").resolve("all.zip")).isRegularFile();

        // the data dir's osv folder is OSV data for the fleet as it is: Maven and Debian archives side by side
        assertThat(ReleaseGatesCommand.run("fleet", "vulnerabilities", "--osv", data.resolve("osv").toString(),
                "--store", store)).isEqualTo(0);
        Path components = tmp.resolve("components.csv");
        assertThat(ReleaseGatesCommand.run("fleet", "export", "components.csv", "-o", components.toString(), "--store", store))
                .isEqualTo(0);
        List<String> lines = Files.readAllLines(components);
        assertThat(lines).anyMatch(l -> l.startsWith("pkg:deb/debian/libssl3,") && l.contains(",3.0.11-1~deb12u1,")
                && l.endsWith(",vulnerable,1,medium,CVE-2023-5363,1"));
        assertThat(lines).anyMatch(l -> l.startsWith("pkg:maven/com.fasterxml.jackson.core/jackson-databind,")
                && l.contains(",2.13.2.1,") && l.endsWith(",vulnerable,1,high,CVE-2022-42003,1"));

        Run status = run("data", "status", "--data-dir", data.toString(), "--max-age", "1h");
        assertThat(status.code).as(status.out).isEqualTo(0);
        assertThat(status.out).containsPattern("osv/Debian:12: [0-9]+s old, 4 records, newest 2024-01-10T12:00:00Z")
                .containsPattern("osv/Maven: [0-9]+s old, " + mavenRecords() + " records, newest ").doesNotContain("STALE").doesNotContain("nvd");
    }

    @Test
    void shouldExitNonZeroWithOneLinePerFailedSourceAndStillUpdateTheOthers() throws Exception {
        objects.put("/Maven/all.zip", zip(ADVISORIES.resolve("osv")));
        Path data = tmp.resolve("data");

        // the NVD endpoint answers 500 (the bucket has no /rest/ objects), Debian:13 does not exist
        Run r = run("data", "update", "--data-dir", data.toString(), "--osv-base-url", base(), "--ecosystem", "Maven",
                "--ecosystem", "Debian:13", "--nvd-api-url", base() + "/rest/json/cves/2.0");

        assertThat(r.code).isEqualTo(1);
        assertThat(r.out).contains("osv/Maven: updated, " + mavenRecords() + " records");
        List<String> errors = r.err.lines().filter(l -> l.startsWith("release-gates: ")).toList();
        assertThat(errors).anyMatch(l -> l.equals("release-gates: osv/Debian:13: FAILED: " + base()
                + "/Debian:13/all.zip: HTTP 404 Not Found; no data yet"));
        assertThat(errors).anyMatch(l -> l.startsWith("release-gates: nvd: FAILED: NVD API " + base())
                && l.endsWith("; no data yet"));
        assertThat(errors).hasSize(3).last().isEqualTo("release-gates: 2 of 3 sources failed; their old data is kept");

        Run status = run("data", "status", "--data-dir", data.toString(), "--json");
        assertThat(status.code).isEqualTo(0);
        JsonNode json = Json.mapper().readTree(status.out);
        assertThat(json.path("sources")).hasSize(3);
        assertThat(json.path("sources").get(0).path("source").asText()).isEqualTo("osv/Debian:13");
        assertThat(json.path("sources").get(0).path("present").asBoolean()).isFalse();
        assertThat(json.path("sources").get(0).path("lastError").asText()).contains("HTTP 404");
        assertThat(json.path("sources").get(1).path("records").asLong()).isEqualTo(mavenRecords());
        assertThat(json.path("sources").get(2).path("source").asText()).isEqualTo("nvd");
        assertThat(json.path("sources").get(2).path("lastError").asText()).startsWith("NVD API " + base());

        Run stale = run("data", "status", "--data-dir", data.toString(), "--max-age", "1d");
        assertThat(stale.code).isEqualTo(1);
        assertThat(stale.out).contains("osv/Debian:13: no data; last update failed at ").contains("STALE (no known age)");
    }

    @Test
    void shouldRefuseBadOptionsWithExit2() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(run("data", "update", "--data-dir", data.toString(), "--ecosystem", "../x", "--no-nvd").err)
                .contains("release-gates: --ecosystem '../x': not an osv.dev ecosystem name");
        assertThat(ReleaseGatesCommand.run("data", "status", "--data-dir", data.toString(), "--max-age", "soon")).isEqualTo(2);
        Run ftp = run("data", "update", "--data-dir", data.toString(), "--osv-base-url", "ftp://x", "--no-nvd");
        assertThat(ftp.code).isEqualTo(2);
        assertThat(ftp.err).contains("release-gates: --osv-base-url 'ftp://x': not an http or https URL with a host");
        assertThat(ReleaseGatesCommand.run("data", "update", "--data-dir", data.toString(), "--ecosystem", "Maven",
                "--no-nvd", "--nvd-api-url", "https://nvd.example.org")).isEqualTo(2);
        assertThat(data.resolve("osv")).doesNotExist();
    }

    record Run(int code, String out, String err) {
    }

    /** Runs the command with System.out and System.err captured (the commands print through them). */
    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ReleaseGatesCommand.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static byte[] zip(Path folder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The OSV records the Maven archive is built from: the fixture folder grows, the counts follow it. */
    private static long mavenRecords() {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(ADVISORIES.resolve("osv"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
