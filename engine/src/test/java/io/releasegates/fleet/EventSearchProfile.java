package io.releasegates.fleet;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.fleet.store.TestPostgres;
import io.releasegates.fleet.web.FleetDashboard;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events list's search over a fleet-sized event log without the whole benchmark: one monitor pass of EVENTS
 * exposures (10,000 hosts, about 1,000 advisories), then the benchmark's two search pages and two more timed.
 * Usage: java ... EventSearchProfile [h2|postgres] [EVENTS] [SAMPLES]. Not a test: a measurement
 * (docs/performance.md, runs 3d and 5).
 */
public final class EventSearchProfile {
    private EventSearchProfile() {
    }

    public static void main(String[] args) throws Exception {
        String backend = args.length > 0 ? args[0] : "h2";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 450_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        java.nio.file.Path dir = Files.createTempDirectory("rg-event-search");
        String url = backend.equals("postgres") ? TestPostgres.newDatabaseUrl() : dir.resolve("fleet").toString();
        String[] severities = {"low", "medium", "high", "critical"};
        try (FleetStore store = FleetStores.open(url)) {
            List<MonitorStore.Exposure> exposures = new ArrayList<>();
            for (int i = 0; exposures.size() < events; i++) {
                int host = i % 10_000;
                MonitorStore.Subject s = new MonitorStore.Subject(MonitorStore.Subject.HOST, host + 1, "host-" + host,
                        host % 3 == 0 ? "staging" : "production");
                exposures.add(new MonitorStore.Exposure(s, "CVE-2026-" + (1000 + (i / 10_000 * 37 + host) % 1000),
                        severities[i % 4], "pkg:maven/com.bench/lib-" + (i % 1000), "2.0"));
            }
            long t0 = System.nanoTime();
            Instant now = Instant.now();
            store.monitor().recordPass(new MonitorStore.PassInput(now, now, "f", "bench", now, 10_000), exposures);
            System.out.printf(Locale.ROOT, "%s: %d events in %.0f s%n", backend, events, (System.nanoTime() - t0) / 1e9);
            FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
            for (String list : new String[] {"events"}) {
                for (String query : new String[] {"q=host-99&environment=production", "q=cve-2026-1007&sort=at&dir=asc",
                        "q=host-99&environment=production&page=3", "q=host-1&sort=severity&dir=desc"}) {
                    Map<String, String> params = new HashMap<>();
                    for (String kv : query.split("&")) {
                        params.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                    time(samples, "/" + list + "?" + query, () -> dashboard.request("/" + list, params).body().length());
                }
            }
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void time(int samples, String what, java.util.concurrent.Callable<Integer> call) throws Exception {
        int length = call.call();
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            call.call();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "  %-55s median %7.1f ms, p95 %7.1f ms, max %7.1f ms (%d chars)%n", what,
                nanos[samples / 2] / 1e6, nanos[(int) Math.ceil(samples * 0.95) - 1] / 1e6, nanos[samples - 1] / 1e6, length);
    }
}
