package io.releasegates.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The probe's only way to the network for HTTP: GET requests (never a body, never another method), one at a time
 * at no more than the configured rate, with the probe's User-Agent and the caller's extra headers, through the proxy
 * if one is set. Redirects are not followed here (the crawler decides whether a target is same-origin), and bodies
 * are read only up to a bound.
 *
 * <p>Certificates are not verified on these requests: the TLS checks judge the certificate and report it, and the
 * content checks must still run on a staging server with a self-signed one. Extra headers (credentials) are only
 * sent where the caller says the certificate was trusted ({@link #withHeaders}).
 */
final class Fetcher implements AutoCloseable {
    /** A response: status, headers (names lower-case), the body's first bytes and whether it was cut there. */
    record Page(URI uri, int status, Map<String, List<String>> headers, byte[] body, boolean cut) {
        Page {
            headers = Map.copyOf(headers);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        String contentType() {
            String type = header("content-type");
            return type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final int PAGE_BYTES = 1 << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client;
    private final String userAgent;
    private final Map<String, String> headers;
    private final long intervalNanos;
    private long nextSlot;
    private boolean sendHeaders;
    private int requests;

    Fetcher(ProbeRequest request) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT).sslContext(acceptingContext());
        if (request.proxy() != null) {
            builder.proxy(ProxySelector.of(new InetSocketAddress(request.proxy().getHost(), port(request.proxy()))));
        }
        this.client = builder.build();
        this.userAgent = request.userAgent();
        this.headers = request.headers();
        this.intervalNanos = (long) (1_000_000_000L / request.requestsPerSecond());
    }

    /** Whether the extra headers go with the following requests (only to an origin whose certificate was trusted). */
    void withHeaders(boolean send) {
        this.sendHeaders = send;
    }

    int requests() {
        return requests;
    }

    Page get(URI uri, int maxBytes) throws IOException {
        return get(uri, maxBytes, Map.of());
    }

    /** One GET; {@code extra} adds headers of the probe's own (such as an Origin for the CORS check). */
    Page get(URI uri, int maxBytes, Map<String, String> extra) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT).header("User-Agent", userAgent);
        if (sendHeaders) {
            headers.forEach(b::header);
        }
        extra.forEach(b::header);
        pace();
        try {
            HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            boolean cut;
            try (InputStream in = response.body()) {
                body = in.readNBytes(maxBytes);
                // one more byte tells whether the body went on; closing the stream then drops the rest
                cut = body.length == maxBytes && in.read() >= 0;
            }
            Map<String, List<String>> lower = new java.util.TreeMap<>();
            response.headers().map().forEach((k, v) -> lower.merge(k.toLowerCase(java.util.Locale.ROOT), v,
                    (a, c) -> java.util.stream.Stream.concat(a.stream(), c.stream()).toList()));
            return new Page(uri, response.statusCode(), lower, body, cut);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Counts a request made outside HTTP (a TLS handshake) against the same rate. */
    void pace() {
        requests++;
        long now = System.nanoTime();
        synchronized (this) {
            long wait = nextSlot - now;
            nextSlot = Math.max(now, nextSlot) + intervalNanos;
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A TLS context that accepts any certificate: see the class comment (the TLS checks judge it separately). */
    static SSLContext acceptingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Accepting()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // HttpClient gained close() only in Java 21; its threads are daemons and end with it being unreachable
    }

    /** Extended, so that the JDK does not add its own hostname check on top of this one. */
    private static final class Accepting extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
