package io.releasegates.fleet.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.SbomReader;
import io.releasegates.fleet.ScanEvidence;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.report.BadInputException;
import io.releasegates.report.HtmlPage;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the dashboard with the JDK's own HTTP server (no extra dependency). Read-only unless a token is given;
 * then {@code POST /api/reports?host=H[&environment=E][&role=R]} with {@code Authorization: Bearer TOKEN} ingests a
 * CycloneDX body, and {@code POST /api/vulnerabilities} the JSON evidence of a scan. The token is compared in
 * constant time; bodies above the limit are refused unread.
 */
public final class FleetHttpServer implements AutoCloseable {
    public static final int DEFAULT_MAX_BODY = 16 * 1024 * 1024;
    /** Scan evidence ({@code scan --json}) as body: the same token and size rules as reports. */
    private static final String VULNERABILITIES = "/api/vulnerabilities";
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src '" + scriptHash()
            + "'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    static final int HANDLERS = 16;
    /** A refused body up to this size is read and dropped, so that a client still sending it gets the answer. */
    static final int DRAIN_LIMIT = 1 << 20;
    private final ExecutorService executor;
    private final FleetDashboard dashboard;
    private final FleetStore store;
    private final byte[] tokenDigest;
    private final int maxBody;

    /** @param token null for a read-only server */
    public FleetHttpServer(FleetStore store, FleetDashboard dashboard, String bindAddress, int port, String token, int maxBody)
            throws IOException {
        this.store = store;
        this.dashboard = dashboard;
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
        this.maxBody = maxBody;
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        // reports POSTed side by side share one commit in the store (group commit): more handlers, bigger batches
        this.executor = Executors.newFixedThreadPool(HANDLERS, r -> {
            Thread t = new Thread(r, "fleet-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            Map<String, String> query = query(uri.getRawQuery());
            String method = ex.getRequestMethod();
            if ("POST".equals(method) && ("/api/reports".equals(uri.getRawPath()) || VULNERABILITIES.equals(uri.getRawPath()))) {
                post(ex, query, uri.getRawPath());
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            FleetDashboard.Response r = dashboard.handle(uri.getRawPath(), query.get("environment"));
            send(ex, r.status(), r.contentType(), r.body());
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain; charset=utf-8", "internal error\n");
        }
    }

    private void post(HttpExchange ex, Map<String, String> query, String path) throws IOException {
        if (tokenDigest == null) {
            send(ex, 403, "text/plain; charset=utf-8", "read-only: start serve with --token-env to accept reports\n");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).strip() : "";
        // digests of equal length: the comparison time says nothing about the token's length or prefix
        if (!MessageDigest.isEqual(tokenDigest, sha256(given))) {
            rejectUnread(ex, 401, "missing or wrong token\n");
            return;
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLong(length) > maxBody) {
            rejectUnread(ex, 413, "body larger than " + maxBody + " bytes\n");
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            rejectUnread(ex, 413, "body larger than " + maxBody + " bytes\n");
            return;
        }
        try {
            if (VULNERABILITIES.equals(path)) {
                FleetStore.VulnerabilityImport result = store.recordVulnerabilities(ScanEvidence.read(body, "request body"));
                send(ex, 200, "application/json; charset=utf-8", Json.mapper().writeValueAsString(result));
                return;
            }
            SbomReader.Sbom sbom = SbomReader.read(body, "request body");
            String host = query.getOrDefault("host", sbom.subjectName());
            if (host == null || host.isBlank()) {
                throw new BadInputException("request: host= is required (or a metadata component name in the SBOM)");
            }
            FleetStore.IngestResult result = store.ingest(
                    new HostReport(host, query.get("environment"), query.get("role"), null, sbom.packages(), sbom.origins()));
            send(ex, 200, "application/json; charset=utf-8", Json.mapper().writeValueAsString(result));
        } catch (BadInputException | IllegalArgumentException e) {
            send(ex, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }


    /**
     * Answers a request whose body was not (fully) read. A body of up to {@link #DRAIN_LIMIT} is read and dropped
     * first: a client still writing it would otherwise see its connection reset instead of the answer. A larger body
     * would be parsed as the next request, so the server drops the connection, and says so, so that clients do not
     * reuse it.
     */
    private static void rejectUnread(HttpExchange ex, int status, String message) throws IOException {
        if (!drained(ex)) {
            ex.getResponseHeaders().set("Connection", "close");
        }
        send(ex, status, "text/plain; charset=utf-8", message);
    }

    private static boolean drained(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLong(length) > DRAIN_LIMIT) {
            return false;
        }
        try {
            InputStream in = ex.getRequestBody();
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > DRAIN_LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page shell's one inline script, allowed by hash so that no other script (an injected one) could run. */
    private static String scriptHash() {
        String page = HtmlPage.wrap("", "");
        int start = page.lastIndexOf("<script>") + "<script>".length();
        int end = page.lastIndexOf("</script>");
        String script = start > 7 && end > start ? page.substring(start, end) : "";
        return "sha256-" + Base64.getEncoder().encodeToString(sha256(script));
    }
}
