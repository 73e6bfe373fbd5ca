package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 items 1 and 2 against the real {@code serve} in a child JVM: it listens on its own port only (the H2 store
 * used to open a database port on every interface), a second process is told the store is busy and by whom, and a
 * {@code kill -9} in the middle of a burst of POSTs loses no report that was answered 200 and leaves no host half
 * written.
 */
class ServeStoreSafetyTest {
    private static final String TOKEN = "crash-test-token-0123456789abcdef";
    private static final int HOSTS = 60;
    private static final int PACKAGES = 150;

    @TempDir
    Path tmp;

    @Test
    void shouldListenOnlyOnServesPortAndTellOtherProcessesTheStoreIsBusy() throws Exception {
        String store = tmp.resolve("fleet").toString();
        Serve serve = Serve.start(store, tmp.resolve("serve.log"));
        try {
            assertThat(listeningSockets(serve.process.pid())).as("TCP sockets the serve process listens on")
                    .containsExactly(String.format("0100007F:%04X", serve.port));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream original = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = ReleaseGatesCommand.run("fleet", "report", "--store", store);
            } finally {
                System.setErr(original);
            }
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("release-gates: store busy: "
                    + tmp.resolve("fleet.mv.db").toAbsolutePath() + " is open by another process (pid " + serve.process.pid() + ")")
                    .doesNotContain("\n").doesNotContain("\tat ");
        } finally {
            serve.stop();
        }
    }

    @Test
    void shouldKeepEveryReportAnswered200WhenServeIsKilledMidBurst() throws Exception {
        String store = tmp.resolve("fleet").toString();
        Serve serve = Serve.start(store, tmp.resolve("serve.log"));
        Map<String, Integer> acked = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 2; round++) {
                List<Future<?>> done = new ArrayList<>();
                for (int h = 0; h < HOSTS; h++) {
                    int host = h;
                    int r = round;
                    done.add(clients.submit(() -> {
                        post(http, serve.port, host, r).ifPresent(status -> {
                            if (status == 200) {
                                acked.merge("crash-" + host, r, Math::max);
                                // half-way through the second round: kill -9, batches in flight
                                if (acks.incrementAndGet() == HOSTS + HOSTS / 2) {
                                    serve.process.destroyForcibly();
                                }
                            }
                        });
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(5, TimeUnit.MINUTES);
                }
            }
        } finally {
            clients.shutdownNow();
            serve.process.destroyForcibly();
            serve.process.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(serve.process.exitValue()).as("killed with SIGKILL").isEqualTo(137);
        assertThat(acks.get()).isGreaterThanOrEqualTo(HOSTS + HOSTS / 2).isLessThan(2 * HOSTS);

        // restarted on the same store: it opens (the lock died with the process) and serves what was acknowledged
        Serve again = Serve.start(store, tmp.resolve("serve-again.log"));
        try {
            HttpResponse<String> hosts = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + again.port + "/api/hosts"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(hosts.statusCode()).isEqualTo(200);
            for (String host : acked.keySet()) {
                assertThat(hosts.body()).contains("\"" + host + "\"");
            }
        } finally {
            again.stop();
        }
        try (FleetStore s = FleetStores.open(store)) {
            Catalog catalog = s.catalog();
            for (int h = 0; h < HOSTS; h++) {
                String host = "crash-" + h;
                var row = s.host(host);
                Integer ackedRound = acked.get(host);
                if (row.isEmpty()) {
                    assertThat(ackedRound).as(host + " was answered 200 but is missing").isNull();
                    continue;
                }
                Set<String> purls = s.hostVersions(row.get().id()).stream().map(v -> {
                    Catalog.Version version = catalog.version(v);
                    return catalog.component(version.componentId()).key() + "@" + version.version();
                }).collect(Collectors.toCollection(TreeSet::new));
                int round = purls.equals(purls(h, 1)) ? 1 : purls.equals(purls(h, 0)) ? 0 : -1;
                assertThat(round).as(host + ": one report's whole package set, not a mix").isNotNegative();
                if (ackedRound != null) {
                    assertThat(round).as(host + " lost the report answered 200 (round " + ackedRound + ")").isGreaterThanOrEqualTo(ackedRound);
                }
            }
        }
    }

    /** The status, or empty when the connection died with the server. */
    private static java.util.Optional<Integer> post(HttpClient http, int port, int host, int round) {
        StringBuilder sbom = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[");
        List<String> purls = new ArrayList<>(purls(host, round));
        for (int k = 0; k < purls.size(); k++) {
            String purl = purls.get(k);
            String nameVersion = purl.substring(purl.lastIndexOf('/') + 1);
            sbom.append(k == 0 ? "" : ",").append("{\"type\":\"library\",\"name\":\"").append(nameVersion, 0, nameVersion.indexOf('@'))
                    .append("\",\"version\":\"").append(nameVersion.substring(nameVersion.indexOf('@') + 1))
                    .append("\",\"purl\":\"").append(purl).append("\"}");
        }
        sbom.append("]}");
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/reports?host=crash-" + host + "&environment=production&role=web"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(sbom.toString())).build(), HttpResponse.BodyHandlers.ofString());
            return java.util.Optional.of(r.statusCode());
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** Host h's packages in a round: every version differs between rounds. */
    private static Set<String> purls(int host, int round) {
        Set<String> out = new TreeSet<>();
        for (int k = 0; k < PACKAGES; k++) {
            out.add("pkg:maven/crash/c" + k + "@" + (round * 7 + (host + k) % 7) + ".0");
        }
        return out;
    }

    /** local address:port (hex, as /proc prints it; IPv4-mapped as IPv4) of each listening TCP socket the process owns. */
    static Set<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path p = Path.of("/proc/" + pid + "/net/" + table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    // an IPv4 address on a dual-stack socket shows as ::ffff:a.b.c.d
                    listening.add(f[1].replaceFirst("^0000000000000000FFFF0000", ""));
                }
            }
        }
        return listening;
    }

    /** `release-gates serve` in a child JVM with this test's class path, on a free loopback port. */
    private record Serve(Process process, int port) {
        private static final Pattern LISTENING = Pattern.compile("release-gates serve: http://127\\.0\\.0\\.1:(\\d+)/");

        static Serve start(String store, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), ReleaseGatesCommand.class.getName(),
                    "serve", "--store", store, "--port", "0", "--token-env", "RG_CRASH_TOKEN");
            pb.environment().put("RG_CRASH_TOKEN", TOKEN);
            Process p = pb.redirectOutput(log.toFile()).start();
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = err.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> {
                        try {
                            err.transferTo(java.io.Writer.nullWriter());
                        } catch (IOException ignored) {
                            // the process is gone
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new Serve(p, Integer.parseInt(m.group(1)));
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("serve did not start: " + seen);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }
}
