package io.releasegates.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

/**
 * A local server (Jetty, on 127.0.0.1) that serves {@code /<ECOSYSTEM>/all.zip} the way osv.dev's bucket (Google
 * Cloud Storage) does: {@code ETag} and {@code Last-Modified} on every answer, {@code 304 Not Modified} when
 * {@code If-None-Match} matches the ETag or, without one, {@code If-Modified-Since} is not older than the object.
 * It can also misbehave as a real server does: a 500, a stall after half the body, a connection cut mid-body, a
 * corrupt body. Every request is recorded with its validators.
 */
final class OsvBucketServer implements AutoCloseable {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** How the next answers go. */
    enum Mode { NORMAL, SERVER_ERROR, STALL, CUT, CORRUPT }

    /** One request: the decoded path and the validators it sent (null when absent). */
    record Seen(String path, String ifNoneMatch, String ifModifiedSince) {
    }

    private record Object(byte[] bytes, String etag, Instant modified) {
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Map<String, Object> objects = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Mode mode = Mode.NORMAL;
    private int generation;

    OsvBucketServer() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                answer(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Publishes (or replaces) an ecosystem's archive: a new generation, so a new ETag and Last-Modified. */
    synchronized void publish(String ecosystem, byte[] zip, Instant modified) {
        generation++;
        objects.put("/" + ecosystem + "/all.zip", new Object(zip.clone(), "\"gen-" + generation + "\"",
                modified.truncatedTo(ChronoUnit.SECONDS)));
    }

    void mode(Mode value) {
        mode = value;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void answer(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        String ifModifiedSince = request.getHeaders().get(HttpHeader.IF_MODIFIED_SINCE);
        seen.add(new Seen(path, ifNoneMatch, ifModifiedSince));
        Object object = objects.get(path);
        if (mode == Mode.SERVER_ERROR) {
            response.setStatus(500);
            response.write(true, ByteBuffer.wrap("<html>Internal Server Error</html>".getBytes()), callback);
            return;
        }
        if (object == null) {
            response.setStatus(404);
            response.write(true, ByteBuffer.wrap("<?xml version='1.0'?><Error><Code>NoSuchKey</Code></Error>".getBytes()), callback);
            return;
        }
        response.getHeaders().put(HttpHeader.ETAG, object.etag());
        response.getHeaders().put(HttpHeader.LAST_MODIFIED, HTTP_DATE.format(object.modified()));
        if (notModified(object, ifNoneMatch, ifModifiedSince)) {
            response.setStatus(304);
            callback.succeeded();
            return;
        }
        byte[] body = object.bytes();
        if (mode == Mode.CORRUPT) {
            body = body.clone();
            for (int i = body.length / 3; i < body.length; i += 7) {
                body[i] ^= 0x5a;
            }
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/zip");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (mode == Mode.STALL || mode == Mode.CUT) {
            FutureCallback half = new FutureCallback();
            response.write(false, ByteBuffer.wrap(body, 0, body.length / 2), half);
            half.get(5, TimeUnit.SECONDS);
            if (mode == Mode.STALL) {
                // until the test is over: the client has to give up on its own
                released.await(60, TimeUnit.SECONDS);
            }
            // a response shorter than its Content-Length: Jetty aborts the connection
            callback.failed(new IOException("connection cut by the test server"));
            return;
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static boolean notModified(Object object, String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch != null) {
            return ifNoneMatch.equals(object.etag()) || ifNoneMatch.equals("*");
        }
        if (ifModifiedSince != null) {
            try {
                Instant since = Instant.from(HTTP_DATE.parse(ifModifiedSince));
                return !object.modified().isAfter(since);
            } catch (java.time.DateTimeException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        released.countDown();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test bucket server", e);
        }
    }
}
