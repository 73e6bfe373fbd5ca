package io.releasegates.fleet.web;

import io.releasegates.fleet.SbomIngest;
import io.releasegates.fleet.SbomReader;
import io.releasegates.fleet.ScanEvidence;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.report.BadInputException;
import io.releasegates.report.HtmlPage;
import io.releasegates.report.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves the dashboard with Jetty's core handler API. Read-only unless a token is given; then
 * {@code POST /api/reports?host=H[&environment=E][&role=R]} with {@code Authorization: Bearer TOKEN} ingests a
 * CycloneDX body, and {@code POST /api/vulnerabilities} the JSON evidence of a scan. The token is compared in
 * constant time; bodies above the limit are refused unread. Slow clients cost a connection, never a handler thread:
 * headers are parsed on Jetty's selectors and bodies read as they arrive ({@link BoundedBody}); {@link ServerLimits}
 * bounds how long and how many. A {@code Host} header naming another site is answered 421 ({@link HostAllowList}).
 */
public final class FleetHttpServer implements AutoCloseable {
    public static final int DEFAULT_MAX_BODY = ServerLimits.DEFAULT_MAX_BODY;
    /** Scan evidence ({@code scan --json}) as body: the same token and size rules as reports. */
    private static final String VULNERABILITIES = "/api/vulnerabilities";
    /** File-change alerts of integrity watch agents (JSON lines): the same token and size rules as reports. */
    private static final String ALERTS = "/api/alerts";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src '" + scriptHash()
            + "'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /** Reports POSTed side by side share one commit in the store (group commit): more handlers, bigger batches. */
    static final int HANDLERS = 16;
    /** A refused body up to this size is read and dropped, so that a client still sending it gets the answer. */
    static final int DRAIN_LIMIT = 1 << 20;
    private final Server server;
    private final ServerConnector connector;
    private final SlowHeaderGuard headerGuard;
    private final HostAllowList hosts;
    private final FleetDashboard dashboard;
    private final FleetStore store;
    private final byte[] tokenDigest;
    private final ServerLimits limits;

    static {
        // Jetty logs its start banner at INFO through slf4j: keep stderr to our own one line unless debugging
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty",
                    System.getenv("RELEASE_GATES_DEBUG") != null ? "info" : "warn");
        }
    }

    /** @param token null for a read-only server */
    public FleetHttpServer(FleetStore store, FleetDashboard dashboard, String bindAddress, int port, String token, int maxBody) {
        this(store, dashboard, bindAddress, port, token, ServerLimits.defaults(maxBody));
    }

    /** @param token null for a read-only server */
    public FleetHttpServer(FleetStore store, FleetDashboard dashboard, String bindAddress, int port, String token,
            ServerLimits limits) {
        this.store = store;
        this.dashboard = dashboard;
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
        this.limits = limits;
        this.hosts = new HostAllowList(bindAddress, limits.publicHosts());
        // HANDLERS for requests plus Jetty's own acceptor and selector threads
        QueuedThreadPool threads = new QueuedThreadPool(HANDLERS + 8, 4);
        threads.setName("fleet-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(limits.maxHeaderBytes());
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setIdleTimeout(limits.idleTimeout().toMillis());
        // component keys are URL-encoded purls: %2F in a path segment is data, not a separator
        config.setUriCompliance(UriCompliance.LEGACY);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(bindAddress);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        this.headerGuard = new SlowHeaderGuard(limits.headerTimeout());
        connector.addBean(headerGuard);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setErrorHandler(FleetHttpServer::error);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Connection connection = request.getConnectionMetaData().getConnection();
                headerGuard.handling(connection);
                Exchange ex = new Exchange(request, response, Callback.from(callback, () -> headerGuard.handled(connection)));
                FleetHttpServer.this.handle(ex);
                return true;
            }
        });
    }

    /** Binds the port; an address in use or not local is a one-line error, not a trace. */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw new IOException("cannot listen on " + connector.getHost() + ":" + connector.getPort() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("HTTP server did not start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Connections open now (for tests and the docs' measurements). */
    int openConnections() {
        return headerGuard.open();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is usually exiting
        } finally {
            headerGuard.close();
        }
    }

    /** One request and the means to answer it. */
    private record Exchange(Request request, Response response, Callback callback) {
        String header(HttpHeader name) {
            return request.getHeaders().get(name);
        }
    }

    private void handle(Exchange ex) {
        try {
            if (!hosts.allows(ex.header(HttpHeader.HOST))) {
                send(ex, HttpStatus.MISDIRECTED_REQUEST_421, TEXT,
                        "misdirected request: this server does not answer for that Host (serve --public-host NAME)\n", false);
                return;
            }
            String path = ex.request().getHttpURI().getPath();
            Map<String, String> query = query(ex.request().getHttpURI().getQuery());
            String method = ex.request().getMethod();
            if ("POST".equals(method) && ("/api/reports".equals(path) || VULNERABILITIES.equals(path) || ALERTS.equals(path))) {
                post(ex, query, path);
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                send(ex, 405, TEXT, "method not allowed\n", false);
                return;
            }
            io.releasegates.fleet.web.Response r = dashboard.request(path, query);
            send(ex, r.status(), r.contentType(), r.body(), false);
        } catch (RuntimeException | StackOverflowError e) {
            send(ex, 500, TEXT, "internal error\n", true);
        }
    }

    private void post(Exchange ex, Map<String, String> query, String path) {
        if (tokenDigest == null) {
            send(ex, 403, TEXT, "read-only: start serve with --token-env to accept reports\n", false);
            return;
        }
        String auth = ex.header(HttpHeader.AUTHORIZATION);
        String given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).strip() : "";
        // digests of equal length: the comparison time says nothing about the token's length or prefix
        if (!MessageDigest.isEqual(tokenDigest, sha256(given))) {
            rejectUnread(ex, 401, "missing or wrong token\n");
            return;
        }
        String length = ex.header(HttpHeader.CONTENT_LENGTH);
        if (length != null && parseLong(length) > limits.maxBody()) {
            rejectUnread(ex, 413, tooLarge());
            return;
        }
        BoundedBody.read(ex.request(), limits.maxBody(), true, limits.bodyTimeout(), body -> {
            switch (body.outcome()) {
                case COMPLETE -> ingest(ex, query, path, body.bytes());
                case TOO_LARGE -> rejectUnread(ex, 413, tooLarge());
                case TIMED_OUT -> send(ex, 408, TEXT, "request body not received within " + limits.bodyTimeout().toSeconds() + " s\n", true);
                // an idle connection (the idle timeout) or a broken one: if the client still listens, it learns why
                case FAILED -> send(ex, 408, TEXT, "request body not received: the connection went idle or broke\n", true);
            }
        });
    }

    private String tooLarge() {
        return "body larger than " + limits.maxBody() + " bytes\n";
    }

    private void ingest(Exchange ex, Map<String, String> query, String path, byte[] body) {
        try {
            if (ALERTS.equals(path)) {
                int stored = store.recordAlerts(AlertLines.read(body));
                send(ex, 200, "application/json; charset=utf-8", "{\"stored\":" + stored + "}", false);
                return;
            }
            if (VULNERABILITIES.equals(path)) {
                FleetStore.VulnerabilityImport result = store.recordVulnerabilities(ScanEvidence.read(body, "request body"));
                send(ex, 200, "application/json; charset=utf-8", Json.mapper().writeValueAsString(result), false);
                return;
            }
            FleetStore.IngestResult result = SbomIngest.ingest(store, List.of(SbomReader.read(body, "request body")),
                    "request", query.get("host"), query.get("environment"), query.get("role"), null);
            send(ex, 200, "application/json; charset=utf-8", Json.mapper().writeValueAsString(result), false);
        } catch (BadInputException | IllegalArgumentException e) {
            send(ex, 400, TEXT, e.getMessage() + "\n", false);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            send(ex, 500, TEXT, "internal error\n", true);
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
     * reuse it. Draining waits for bytes without a thread and gives up at the body timeout.
     */
    private void rejectUnread(Exchange ex, int status, String message) {
        String length = ex.header(HttpHeader.CONTENT_LENGTH);
        if (length != null && parseLong(length) > DRAIN_LIMIT) {
            send(ex, status, TEXT, message, true);
            return;
        }
        BoundedBody.read(ex.request(), DRAIN_LIMIT, false, limits.bodyTimeout(),
                drained -> send(ex, status, TEXT, message, drained.outcome() != BoundedBody.Outcome.COMPLETE));
    }

    private static void send(Exchange ex, int status, String type, String body, boolean close) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Response response = ex.response();
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, type);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", CSP);
        headers.put("Referrer-Policy", "no-referrer");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (close) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
        // HEAD: the headers GET would send, the length included, and no body
        boolean head = "HEAD".equals(ex.request().getMethod());
        headers.put(new HttpField.LongValueHttpField(HttpHeader.CONTENT_LENGTH, bytes.length));
        response.write(true, head ? null : ByteBuffer.wrap(bytes), ex.callback());
    }

    /** Jetty's own refusals (malformed request, header too large): plain text, the same headers, no server banner. */
    private static boolean error(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        send(new Exchange(request, response, callback), status, TEXT, status + " " + HttpStatus.getMessage(status) + "\n", false);
        return true;
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
