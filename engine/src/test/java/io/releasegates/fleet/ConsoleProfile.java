package io.releasegates.fleet;

import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.fleet.store.TestPostgres;
import io.releasegates.fleet.web.FleetDashboard;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Where the time of the component and advisory pages goes: each store read they make, timed on its own, then the
 * whole page. Usage: java ... ConsoleProfile [h2|postgres] HOSTS PACKAGES [SAMPLES]. Not a test: a tool for reading
 * a plan before changing it (docs/performance.md, Fleet console).
 */
public final class ConsoleProfile {
    private ConsoleProfile() {
    }

    public static void main(String[] args) throws Exception {
        String backend = args.length > 0 ? args[0] : "h2";
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int packages = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        java.nio.file.Path dir = Files.createTempDirectory("rg-console-profile");
        String url = backend.equals("postgres") ? TestPostgres.newDatabaseUrl() : dir.resolve("fleet").toString();
        try (FleetStore store = FleetStores.open(url)) {
            long t0 = System.nanoTime();
            for (int h = 0; h < hosts; h++) {
                store.ingest(FleetBench.host(h, packages));
            }
            System.out.printf(Locale.ROOT, "%s: ingested %d hosts in %.0f s%n", backend, hosts, (System.nanoTime() - t0) / 1e9);
            store.recordVulnerabilities(ConsoleBench.scan(packages));
            FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
            dashboard.console().refresh();
            String purl = "pkg:maven/com.bench/lib-7";
            String advisory = "CVE-2026-" + (10000 + 7 * 10 + 1);
            int componentId = store.catalog().component(purl).map(Catalog.Component::id).orElseThrow();
            int[] versions = store.catalog().versionsOf(componentId).stream().mapToInt(Catalog.Version::id).toArray();
            time(samples, "catalog()", store::catalog);
            time(samples, "vulnerabilities()", store::vulnerabilities);
            time(samples, "catalog(one key)", () -> store.catalog(java.util.List.of(purl)));
            time(samples, "componentVulnerabilities(one key)", () -> store.componentVulnerabilities(purl));
            time(samples, "versionsAffectedBy(advisory)", () -> store.versionsAffectedBy(advisory));
            time(samples, "hasScanData()", store::hasScanData);
            int[] affectedHosts = store.versionInstallations(new int[] {versions[0]}, null).stream()
                    .mapToInt(FleetStore.Installation::hostId).toArray();
            time(samples, "hosts(" + affectedHosts.length + " ids)", () -> store.hostsById(affectedHosts));
            time(samples, "hosts(null)", () -> store.hosts(null));
            time(samples, "hosts(production)", () -> store.hosts("production"));
            time(samples, "componentInstallations", () -> store.componentInstallations(componentId, null));
            time(samples, "versionInstallations", () -> store.versionInstallations(versions, null));
            time(samples, "machinesRunning", () -> store.machinesRunning(Map.of(componentId,
                    java.util.Set.copyOf(Arrays.stream(versions).boxed().toList())), null));
            for (String page : new String[] {"/components/" + purl.replace(":", "%3A").replace("/", "%2F"),
                    "/components/" + purl.replace(":", "%3A").replace("/", "%2F") + "?page=20",
                    "/advisories/" + advisory, "/advisories/" + advisory + "?page=5&environment=production",
                    "/api/advisories/" + advisory}) {
                String[] parts = page.split("\\?", 2);
                Map<String, String> query = new java.util.HashMap<>();
                if (parts.length > 1) {
                    for (String kv : parts[1].split("&")) {
                        query.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                time(samples, page, () -> dashboard.request(parts[0], query).body().length());
            }
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void time(int samples, String what, Callable<?> call) throws Exception {
        call.call();
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            call.call();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "  %-60s median %6.1f ms, max %6.1f ms%n", what, nanos[samples / 2] / 1e6,
                nanos[samples - 1] / 1e6);
    }
}
