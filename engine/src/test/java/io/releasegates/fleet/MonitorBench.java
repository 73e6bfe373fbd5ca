package io.releasegates.fleet;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.fleet.store.TestPostgres;
import io.releasegates.fleet.monitor.AdvisorySources;
import io.releasegates.fleet.monitor.MonitorFixtures;
import io.releasegates.fleet.monitor.MonitorPass;
import io.releasegates.pipeline.FleetReporting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * bench/monitor: the bench/fleet fleet (FleetBench.host: 30 % Maven components with five versions 2.1.0..2.5.0, 70 %
 * of hosts on the newest) plus RELEASES recorded releases of 100 Maven components each; a baseline OSV archive, then
 * an update adding ADVISORIES advisories, each against one Maven component, most fixed in 2.1.5 (affecting the hosts
 * on 2.1.0), every tenth in 2.3.0. Times the first pass (baseline), a no-change pass, the pass after the update with
 * its events, and a no-change pass after it, with the load average next to each. Not a unit test.
 */
public final class MonitorBench {
    private MonitorBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = Integer.parseInt(arg(args, "--hosts", "10000"));
        int packages = Integer.parseInt(arg(args, "--packages", "1000"));
        int releases = Integer.parseInt(arg(args, "--releases", "1000"));
        int advisories = Integer.parseInt(arg(args, "--advisories", "1000"));
        System.out.printf(Locale.ROOT, "monitor bench: %d hosts x %d packages, %d releases, %d new advisories; %d cores%n",
                hosts, packages, releases, advisories, Runtime.getRuntime().availableProcessors());
        for (String backend : arg(args, "--backends", "h2,postgres").split(",")) {
            String url = backend.equals("postgres") ? TestPostgres.newDatabaseUrl()
                    : Files.createTempDirectory("rg-monitor-bench").resolve("fleet").toString();
            Path data = Files.createTempDirectory("rg-monitor-bench-data");
            try (FleetStore store = FleetStores.open(url)) {
                long t0 = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<?>> done = new ArrayList<>();
                for (int h = 0; h < hosts; h++) {
                    int n = h;
                    done.add(pool.submit(() -> store.ingest(FleetBench.host(n, packages))));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                System.out.printf(Locale.ROOT, "%s: ingest %d hosts in %.1f s (load %s)%n", backend, hosts,
                        (System.nanoTime() - t0) / 1e9, load());
                t0 = System.nanoTime();
                List<Integer> maven = new ArrayList<>();
                for (int p = 0; p < packages; p++) {
                    if (p % 10 >= 7) {
                        maven.add(p);
                    }
                }
                Random r = new Random(42);
                for (int i = 0; i < releases; i++) {
                    List<String> purls = new ArrayList<>();
                    for (int c = 0; c < 100; c++) {
                        int p = maven.get(r.nextInt(maven.size()));
                        purls.add("pkg:maven/com.bench/lib-" + p + "@2." + (1 + r.nextInt(5)) + ".0");
                    }
                    FleetReporting.recordRelease(store, MonitorFixtures.sbom(purls), "bench", "app-" + (i % 50),
                            "1." + i, i % 2 == 0 ? "production" : "staging", Instant.now());
                }
                System.out.printf(Locale.ROOT, "%s: %d releases recorded in %.1f s%n", backend, releases, (System.nanoTime() - t0) / 1e9);

                Map<String, String> records = new LinkedHashMap<>();
                // the baseline: one advisory per tenth Maven component, fixed long ago (affects nobody)
                for (int i = 0; i < maven.size(); i += 10) {
                    records.put("OLD-" + i + ".json", MonitorFixtures.osv("GHSA-old-" + i, "com.bench:lib-" + maven.get(i), "1.0.0",
                            MonitorFixtures.MEDIUM));
                }
                MonitorFixtures.writeMavenArchive(data, records);
                AdvisorySources layout = AdvisorySources.resolve(data, List.of(), null, data);
                pass(backend, "first pass (baseline data)", store, layout);
                pass(backend, "no-change pass", store, layout);
                for (int k = 0; k < advisories; k++) {
                    int p = maven.get((k * 7) % maven.size());
                    records.put("NEW-" + k + ".json", MonitorFixtures.osv("GHSA-new-" + k, "com.bench:lib-" + p,
                            k % 10 == 0 ? "2.3.0" : "2.1.5", k % 3 == 0 ? MonitorFixtures.CRITICAL : MonitorFixtures.MEDIUM));
                }
                MonitorFixtures.writeMavenArchive(data, records);
                pass(backend, "pass after the update (+" + advisories + " advisories)", store, layout);
                pass(backend, "no-change pass", store, layout);
                pass(backend, "no-change pass", store, layout);
            }
        }
        System.exit(0);
    }

    private static void pass(String backend, String what, FleetStore store, AdvisorySources layout) {
        MonitorPass.Outcome o = MonitorPass.run(store, layout, Clock.systemUTC());
        System.out.printf(Locale.ROOT, "%s: %s: %.1f s (matching %.1f s), %d exposures, %d exposed + %d resolved events (load %s)%n",
                backend, what, o.total().toMillis() / 1e3, o.matching().toMillis() / 1e3, o.result().exposures(),
                o.result().exposed(), o.result().resolved(), load());
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
