package io.releasegates.fleet;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.fleet.store.TestPostgres;
import io.releasegates.fleet.view.FleetViews;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/fleet: generates HOSTS hosts with PACKAGES packages each (a catalogue of PACKAGES components, 70% deb and 30%
 * maven, each with up to five versions; most hosts on the newest, a long tail behind), ingests them with THREADS
 * concurrent writers, then times the component view (all components with machine counts, lag and cadence verdicts)
 * and the component detail view, then the operations console's pages ({@link ConsoleBench}; CONSOLE=0 skips them).
 * Not a unit test: run by bench/fleet.
 */
public final class FleetBench {
    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = Integer.parseInt(arg(args, "--hosts", "10000"));
        int packages = Integer.parseInt(arg(args, "--packages", "1000"));
        int threads = Integer.parseInt(arg(args, "--threads", "64"));
        int samples = Integer.parseInt(arg(args, "--samples", "20"));
        List<String> backends = Arrays.asList(arg(args, "--backends", "h2,postgres").split(","));
        System.out.printf(Locale.ROOT, "fleet bench: %d hosts x %d packages = %,d rows, %d writer threads, %d cores%n",
                hosts, packages, (long) hosts * packages, threads, Runtime.getRuntime().availableProcessors());
        java.util.Map<String, Double> rates = new java.util.LinkedHashMap<>();
        for (String backend : backends) {
            if (backend.equals("h2-rows")) {
                rates.put(backend, h2Rows(hosts, packages));
                continue;
            }
            java.nio.file.Path dir = Files.createTempDirectory("rg-fleet-bench");
            String url = backend.equals("postgres") ? TestPostgres.newDatabaseUrl() : h2Url(dir.resolve("fleet"));
            try {
                rates.put(backend, run(backend, url, hosts, packages, threads, samples));
            } finally {
                deleteTree(dir);
            }
        }
        if (rates.containsKey("h2") && rates.containsKey("h2-rows")) {
            System.out.printf(Locale.ROOT, "h2 store vs h2-rows peer (one row per package): %.1fx the rows/s%n",
                    rates.get("h2") / rates.get("h2-rows"));
        }
    }

    /**
     * The peer for H2: the same packages stored as one row each (host id, version id, timestamp), with plain batched
     * INSERTs into a bare table shaped like the store's layout before migration 4 (fleet_install with its two
     * indexes), one commit per 64 hosts, one thread, no diff, no counters, no reports: the ceiling of that layout,
     * which the store reached 81 % of. Returns rows per second.
     */
    private static double h2Rows(int hosts, int packages) throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("rg-fleet-h2rows");
        String url = "jdbc:h2:file:" + dir.resolve("raw").toAbsolutePath();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE fleet_install (host_id INTEGER NOT NULL, version_id INTEGER NOT NULL,"
                    + " valid_from TIMESTAMP WITH TIME ZONE NOT NULL, valid_to TIMESTAMP WITH TIME ZONE)");
            s.execute("CREATE INDEX fleet_install_by_host ON fleet_install (host_id, version_id)");
            s.execute("CREATE INDEX fleet_install_by_version ON fleet_install (version_id, valid_to)");
            c.setAutoCommit(false);
            double cpu0 = Cpu.jvmSeconds();
            long start = System.nanoTime();
            java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fleet_install (host_id, version_id, valid_from) VALUES (?, ?, ?)")) {
                for (int h = 0; h < hosts; h++) {
                    Random r = new Random(h * 31L + 17);
                    for (int p = 0; p < packages; p++) {
                        int behind = r.nextInt(100) < 70 ? 0 : 1 + r.nextInt(4);
                        ps.setInt(1, h);
                        ps.setInt(2, p * 5 + 5 - behind);
                        ps.setObject(3, now);
                        ps.addBatch();
                    }
                    if (h % 64 == 63 || h == hosts - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = Cpu.jvmSeconds() - cpu0;
            long rows = (long) hosts * packages;
            System.out.printf(Locale.ROOT, "h2-rows (one row per package, bare batched INSERTs): %,d rows in %.1f s = %,.0f rows/s;"
                    + " %.1f CPU-s = %,.0f rows per CPU-second%n", rows, seconds, rows / seconds, cpu, rows / cpu);
            return rows / seconds;
        } finally {
            deleteTree(dir);
        }
    }

    /** The bench's H2 files run to gigabytes at the default size. */
    private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A plain path gets the store's default H2 settings; bench.h2.options (e.g. ;CACHE_SIZE=131072) tries others. */
    private static String h2Url(java.nio.file.Path file) {
        String options = System.getProperty("bench.h2.options", "");
        return options.isEmpty() ? file.toString()
                : "jdbc:h2:file:" + file.toAbsolutePath() + options;
    }

    /** Ingests and times the views; returns ingest rows per second. */
    private static double run(String backend, String url, int hosts, int packages, int threads, int samples) throws Exception {
        try (FleetStore store = FleetStores.open(url)) {
            AtomicLong rows = new AtomicLong();
            double jvm0 = Cpu.jvmSeconds();
            double pg0 = Cpu.postgresSeconds();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            int step = Math.max(1, hosts / 10);
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int h = first; h < hosts; h += threads) {
                        FleetStore.IngestResult r = store.ingest(host(h, packages));
                        rows.addAndGet(r.packages());
                        if (h % step == 0) {
                            System.out.printf(Locale.ROOT, "  %s: host %d, %.0f s%n", backend, h, (System.nanoTime() - start) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvmCpu = Cpu.jvmSeconds() - jvm0;
            double pgCpu = backend.equals("postgres") ? Cpu.postgresSeconds() - pg0 : 0;
            double cpu = jvmCpu + pgCpu;
            System.out.printf(Locale.ROOT, "%s ingest: %,d rows in %.1f s = %,.0f rows/s (%.1f hosts/s); %.1f CPU-s used"
                            + " (JVM %.1f, PostgreSQL %.1f) = %,.0f rows per CPU-second; load average %.1f%n",
                    backend, rows.get(), seconds, rows.get() / seconds, hosts / seconds, cpu, jvmCpu, pgCpu, rows.get() / cpu,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            FleetViews views = new FleetViews(store, CadencePolicy.defaults(), Clock.systemUTC());
            ComponentsView warm = views.components(null);
            if (warm.hosts() != hosts || warm.installations() != (long) hosts * packages) {
                throw new IllegalStateException("counts wrong: " + warm.hosts() + " hosts, " + warm.installations() + " rows");
            }
            long[] overview = new long[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                views.components(i % 2 == 0 ? null : "production");
                overview[i] = System.nanoTime() - t0;
            }
            long[] detail = new long[samples];
            Random pick = new Random(7);
            for (int i = 0; i < samples; i++) {
                String key = warm.items().get(pick.nextInt(warm.items().size())).purl();
                long t0 = System.nanoTime();
                boolean found = views.component(key, null).isPresent();
                detail[i] = System.nanoTime() - t0;
                if (!found) {
                    throw new IllegalStateException("no detail for " + key);
                }
            }
            long t0 = System.nanoTime();
            views.hosts(null);
            long hostsView = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "%s component view (all %d components): p50 %.0f ms, p95 %.0f ms (%d samples)%n",
                    backend, warm.components(), pct(overview, 50), pct(overview, 95), samples);
            System.out.printf(Locale.ROOT, "%s component detail (hosts per version of one component): p50 %.0f ms, p95 %.0f ms%n",
                    backend, pct(detail, 50), pct(detail, 95));
            System.out.printf(Locale.ROOT, "%s hosts view (all %d hosts, reads every current snapshot): %.0f ms%n",
                    backend, hosts, hostsView / 1e6);

            long r0 = System.nanoTime();
            int changedHosts = Math.min(hosts, 200);
            for (int h = 0; h < changedHosts; h++) {
                store.ingest(host(h, packages).withPackages(upgraded(host(h, packages).packages())));
            }
            System.out.printf(Locale.ROOT, "%s re-ingest with 10%% of packages changed: %.1f ms per host%n",
                    backend, (System.nanoTime() - r0) / 1e6 / changedHosts);
            if (!"0".equals(System.getenv("CONSOLE"))) {
                ConsoleBench.run(backend, store, hosts, packages, samples);
            }
            return rows.get() / seconds;
        }
    }

    /** The catalogue's packages, [component][version 1..5], built once: what a parsed SBOM hands the store. */
    private static final java.util.Map<Integer, PackageRef[][]> CATALOGUES = new java.util.concurrent.ConcurrentHashMap<>();

    private static PackageRef[][] catalogue(int packages) {
        return CATALOGUES.computeIfAbsent(packages, n -> {
            PackageRef[][] out = new PackageRef[n][6];
            for (int p = 0; p < n; p++) {
                for (int v = 1; v <= 5; v++) {
                    out[p][v] = p % 10 < 7
                            ? new PackageRef("pkg:deb/debian/bench-pkg-" + p, "deb", "bench-pkg-" + p, "1." + v + "-" + (1 + p % 3) + "+deb12u" + v)
                            : new PackageRef("pkg:maven/com.bench/lib-" + p, "maven", "com.bench:lib-" + p, "2." + v + ".0");
                }
            }
            return out;
        });
    }

    /** Host h: every catalogue component, at a version drawn with a skew towards the newest. */
    static HostReport host(int h, int packages) {
        Random r = new Random(h * 31L + 17);
        PackageRef[][] catalogue = catalogue(packages);
        List<PackageRef> refs = new ArrayList<>(packages);
        for (int p = 0; p < packages; p++) {
            int behind = r.nextInt(100) < 70 ? 0 : 1 + r.nextInt(4);
            refs.add(catalogue[p][5 - behind]);
        }
        return new HostReport("host-" + h, h % 3 == 0 ? "staging" : "production", h % 5 == 0 ? "db" : "web", null, refs);
    }

    private static List<PackageRef> upgraded(List<PackageRef> refs) {
        List<PackageRef> out = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            PackageRef p = refs.get(i);
            out.add(i % 10 == 0 ? new PackageRef(p.key(), p.type(), p.name(), p.version() + ".1") : p);
        }
        return out;
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))] / 1e6;
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
