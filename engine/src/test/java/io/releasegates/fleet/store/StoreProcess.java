package io.releasegates.fleet.store;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The second process of the store-safety tests, a real JVM started with the test class path:
 * <ul>
 * <li>{@code hold URL}: opens the store, prints {@code open PID}, keeps it open until its stdin closes;</li>
 * <li>{@code open URL}: opens and closes the store; a refused open prints the one-line error, exit 2;</li>
 * <li>{@code write URL HOSTS ROUNDS THREADS}: ingests ROUNDS reports of HOSTS hosts from THREADS threads, a round at
 * a time, printing {@code ack HOST ROUND} once each ingest returned (what `serve` answers 200 for).</li>
 * </ul>
 */
public final class StoreProcess {
    static final int PACKAGES = 200;

    private StoreProcess() {
    }

    @SuppressWarnings("try") // the resource is held open for its side effect (a lock, a live process)
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            switch (args[0]) {
                case "hold" -> {
                    try (FleetStore store = FleetStores.open(args[1])) {
                        out.println("open " + ProcessHandle.current().pid());
                        while (System.in.read() >= 0) {
                            // held until the test closes our stdin
                        }
                    }
                }
                case "open" -> {
                    try (FleetStore store = FleetStores.open(args[1])) {
                        out.println("opened " + store.description());
                    }
                }
                case "write" -> write(out, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (BadInputException e) {
            System.err.println("release-gates: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    private static void write(PrintStream out, String url, int hosts, int rounds, int threads) throws Exception {
        FleetStore store = FleetStores.open(url);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int round = 0; round < rounds; round++) {
            List<Future<?>> done = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                HostReport report = report(h, round);
                int r = round;
                done.add(pool.submit(() -> {
                    store.ingest(report);
                    synchronized (out) {
                        out.println("ack " + report.host() + " " + r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
        pool.shutdown();
        store.close();
    }

    /** Host h's report of a round: every package's version differs from the previous round's. */
    static HostReport report(int host, int round) {
        List<PackageRef> packages = new ArrayList<>(PACKAGES);
        for (int k = 0; k < PACKAGES; k++) {
            packages.add(PackageRef.fromPurl("pkg:maven/crash/c" + k + "@" + (round * 7 + (host + k) % 7) + ".0"));
        }
        return new HostReport(host(host), "production", "web", Instant.parse("2026-12-01T00:00:00Z").plusSeconds(round), packages);
    }

    static String host(int h) {
        return "crash-" + h;
    }

    /** A child JVM running this class with the test class path. */
    static ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), StoreProcess.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    static String readLine(Process p) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = p.getInputStream().read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
