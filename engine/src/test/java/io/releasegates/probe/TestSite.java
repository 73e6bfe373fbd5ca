package io.releasegates.probe;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real Jetty server on 127.0.0.1 serving fixed answers by path (anything else gets the fallback), over HTTP or
 * HTTPS with a keystore made by the test. Every request is recorded (path and headers), so tests can check what the
 * probe sent and that it only ever used GET.
 */
final class TestSite implements AutoCloseable {
    /** One canned answer. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply html(String body, Map<String, String> headers) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.putIfAbsent("Content-Type", "text/html;charset=utf-8");
            return new Reply(200, h, body.getBytes(StandardCharsets.UTF_8));
        }

        static Reply text(String body) {
            return new Reply(200, Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8));
        }

        static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        static Reply bytes(byte[] body) {
            return new Reply(200, Map.of("Content-Type", "application/octet-stream"), body);
        }

        static Reply notFound() {
            return new Reply(404, Map.of("Content-Type", "text/html"), "<html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A request as the server saw it. */
    record Seen(String method, String path, Map<String, String> headers, long nanos) {
    }

    /** Headers of a well-configured page: none of the header rules apply. */
    static final Map<String, String> GOOD_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer",
            "Strict-Transport-Security", "max-age=31536000");

    private final Server server;
    private final ServerConnector connector;
    private final boolean https;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private TestSite(Map<String, Reply> routes, Reply fallback, Path keystore) throws Exception {
        server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        https = keystore != null;
        if (https) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keystore.toString());
            ssl.setKeyStorePassword(TestCertificates.PASSWORD);
            ssl.setKeyStoreType("PKCS12");
            config.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(config));
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        Map<String, Reply> copy = Map.copyOf(routes);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                Map<String, String> headers = new LinkedHashMap<>();
                for (HttpField f : request.getHeaders()) {
                    headers.put(f.getName().toLowerCase(java.util.Locale.ROOT), f.getValue());
                }
                seen.add(new Seen(request.getMethod(), path, headers, System.nanoTime()));
                Reply reply = copy.getOrDefault(path, fallback);
                response.setStatus(reply.status());
                reply.headers().forEach((k, v) -> {
                    // "$ORIGIN" answers with the request's own Origin, as a CORS setup that reflects it does
                    v = v.replace("$ORIGIN", String.valueOf(headers.get("origin")));
                    for (String value : k.equalsIgnoreCase("Set-Cookie") ? v.split("\n") : new String[] {v}) {
                        response.getHeaders().add(k, value);
                    }
                });
                response.write(true, ByteBuffer.wrap(reply.body()), callback);
                return true;
            }
        });
        server.start();
    }

    static TestSite http(Map<String, Reply> routes, Reply fallback) throws Exception {
        return new TestSite(routes, fallback, null);
    }

    static TestSite https(Map<String, Reply> routes, Reply fallback, Path keystore) throws Exception {
        return new TestSite(routes, fallback, keystore);
    }

    URI url() {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    String origin() {
        String u = url().toString();
        return u.substring(0, u.length() - 1);
    }

    List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test site", e);
        }
    }
}
