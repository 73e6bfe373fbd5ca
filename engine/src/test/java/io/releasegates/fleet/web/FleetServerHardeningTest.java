package io.releasegates.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.FleetFixtures;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slow, silent, oversized and misdirected clients against the real server on 127.0.0.1 (issue 14). */
class FleetServerHardeningTest {
    static final String TOKEN = "hardening-token-0123";
    static FleetStore store;
    static FleetDashboard dashboard;

    @BeforeAll
    static void open() throws Exception {
        store = FleetStores.open(Files.createTempDirectory("rg-fleet-hard").resolve("fleet").toString());
        store.ingest(new HostReport("db-1", "staging", "db", null, FleetFixtures.dpkgPackages("db-1.status")));
        dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static FleetHttpServer server(ServerLimits limits) throws IOException {
        FleetHttpServer server = new FleetHttpServer(store, dashboard, "127.0.0.1", 0, TOKEN, limits);
        server.start();
        return server;
    }

    static ServerLimits limits() {
        return ServerLimits.defaults(64 * 1024);
    }

    /** Sends {@code request} raw and returns the status line, or fails on the socket timeout. */
    static String statusLine(int port, String request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return firstLine(socket.getInputStream());
        }
    }

    static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            line.append((char) b);
        }
        return line.toString().strip();
    }

    static String get(int port, String host) throws IOException {
        return statusLine(port, "GET /api/hosts HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", 5_000);
    }

    @Test
    void shouldAnswerWithinASecondWhileTwentyClientsDripHeadersAndTwentyDripBodies() throws Exception {
        try (FleetHttpServer server = server(limits())) {
            int port = server.port();
            List<Socket> slow = new ArrayList<>();
            ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
            try {
                for (int i = 0; i < 20; i++) {
                    Socket s = new Socket("127.0.0.1", port);
                    s.getOutputStream().write("GET /api/hosts HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                for (int i = 0; i < 20; i++) {
                    // no token: the server drains the refused body before answering, as it arrives
                    Socket s = new Socket("127.0.0.1", port);
                    s.getOutputStream().write(("POST /api/reports?host=x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                drip.scheduleAtFixedRate(() -> slow.forEach(s -> {
                    try {
                        s.getOutputStream().write('a');
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        // a dropped slow client is what the server may do
                    }
                }), 0, 100, TimeUnit.MILLISECONDS);
                Thread.sleep(300);
                for (int i = 0; i < 10; i++) {
                    long start = System.nanoTime();
                    assertThat(get(port, "localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                }
                assertThat(server.openConnections()).as("the slow clients are still connected").isGreaterThanOrEqualTo(40);
            } finally {
                drip.shutdownNow();
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void shouldDropAConnectionWhoseHeaderDripsPastTheHeaderTimeout() throws Exception {
        ServerLimits limits = limits().withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(800), Duration.ofSeconds(30));
        try (FleetHttpServer server = server(limits); Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(200);
            OutputStream out = s.getOutputStream();
            out.write("GET /api/hosts HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean closed = false;
            // every 200 ms one more byte: the idle timeout (30 s) never fires, the header timeout must
            while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                try {
                    out.write('a');
                    out.flush();
                    closed = s.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // nothing yet: drip on
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("connection closed within 5 s").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void shouldAnswer408WhenAnAuthorisedBodyStallsPastTheBodyTimeout() throws Exception {
        ServerLimits limits = limits().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(700));
        try (FleetHttpServer server = server(limits)) {
            String status = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> statusLine(server.port(),
                    "POST /api/reports?host=x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                            + "\r\nContent-Length: 1000\r\n\r\n{\"bomFormat\"", 8_000));
            assertThat(status).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void shouldCloseAConnectionThatFallsSilentMidBodyAtTheIdleTimeout() throws Exception {
        ServerLimits limits = limits().withTimeouts(Duration.ofMillis(700), Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (FleetHttpServer server = server(limits)) {
            long start = System.nanoTime();
            String status = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> statusLine(server.port(),
                    "POST /api/reports?host=x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                            + "\r\nContent-Length: 1000\r\n\r\n{\"bomFormat\"", 8_000));
            // the answer arrives if the client still listens; either way the connection ends at the idle timeout
            assertThat(status).satisfiesAnyOf(s -> assertThat(s).startsWith("HTTP/1.1 408"), s -> assertThat(s).isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldRefuseAHostHeaderNamingAnotherSite() throws Exception {
        ServerLimits limits = limits().withPublicHosts(List.of("fleet.example.org"));
        try (FleetHttpServer server = server(limits)) {
            int port = server.port();
            assertThat(get(port, "rebind.attacker.example:" + port)).startsWith("HTTP/1.1 421");
            assertThat(get(port, "localhost.attacker.example")).startsWith("HTTP/1.1 421");
            assertThat(get(port, "127.0.0.1:" + port)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(get(port, "LOCALHOST:" + port)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(get(port, "[::1]:" + port)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(get(port, "fleet.example.org")).isEqualTo("HTTP/1.1 200 OK");
            // a POST is refused before the token is looked at
            assertThat(statusLine(port, "POST /api/reports?host=x HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", 5_000)).startsWith("HTTP/1.1 421");
        }
    }

    @Test
    void shouldRefuseAnOversizedHeaderWith431() throws Exception {
        try (FleetHttpServer server = server(limits())) {
            String big = "X-Big: " + "a".repeat(20_000) + "\r\n";
            assertThat(statusLine(server.port(), "GET /api/hosts HTTP/1.1\r\nHost: localhost\r\n" + big + "\r\n", 5_000))
                    .startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void shouldMakeConnectionsBeyondTheLimitWaitUntilOneCloses() throws Exception {
        ServerLimits limits = new ServerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30), 3, 8192,
                64 * 1024, List.of());
        try (FleetHttpServer server = server(limits)) {
            int port = server.port();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket("127.0.0.1", port);
                    s.setSoTimeout(5_000);
                    s.getOutputStream().write("GET /api/hosts HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(firstLine(s.getInputStream())).isEqualTo("HTTP/1.1 200 OK"); // kept alive, held open
                    held.add(s);
                }
                try (Socket waiting = new Socket("127.0.0.1", port)) {
                    waiting.setSoTimeout(700);
                    waiting.getOutputStream().write("GET /api/hosts HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    boolean answered;
                    try {
                        answered = waiting.getInputStream().read() >= 0;
                    } catch (SocketTimeoutException e) {
                        answered = false;
                    }
                    assertThat(answered).as("a fourth connection is not served while three are open").isFalse();
                    held.remove(0).close();
                    waiting.setSoTimeout(5_000);
                    assertThat(firstLine(waiting.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void shouldAnswer400ToAnSbomNestedTenThousandDeep() throws Exception {
        ServerLimits limits = new ServerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30), 16, 8192,
                4 * 1024 * 1024, List.of());
        try (FleetHttpServer server = server(limits); Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            byte[] body = io.releasegates.fleet.DeepSbomTest.deepXml(10_000);
            s.getOutputStream().write(("POST /api/reports?host=deep HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").endsWith("request body: nested deeper than 100 levels: refused\n");
        }
    }
}
