package io.releasegates.fleet;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.integrity.watch.FileAlert;
import io.releasegates.integrity.watch.FileChange;
import io.releasegates.fleet.web.FleetDashboard;
import io.releasegates.fleet.web.FleetHttpServer;
import io.releasegates.report.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The console part of bench/fleet: imports a scan that makes three of the five versions of every Maven component
 * vulnerable, refreshes the console's status tables once (timed), then requests every console page and API answer
 * over real HTTP from a server on 127.0.0.1, sequentially, SAMPLES times each, and prints p50, p95 and the answer's
 * size against the targets (p95 under 300 ms, under 500 KB). Exports and the complete unpaged views are printed too,
 * marked as such: they are downloads of the whole fleet, not pages.
 */
final class ConsoleBench {
    static final double P95_TARGET_MS = 300;
    static final long SIZE_TARGET = 500 * 1024;

    private ConsoleBench() {
    }

    static VulnerabilityScan scan(int packages) {
        List<ScannedVersion> versions = new ArrayList<>();
        Instant at = Instant.now();
        Severity[] severities = {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM};
        for (int p = 0; p < packages; p++) {
            if (p % 10 < 7) {
                continue;
            }
            String key = "pkg:maven/com.bench/lib-" + p;
            for (int v = 1; v <= 5; v++) {
                List<KnownVulnerability> vulns = v > 3 ? List.of() : List.of(new KnownVulnerability("CVE-2026-" + (10000 + p * 10 + v),
                        List.of(), severities[(p + v) % 3], null, List.of("2.5.0"), "osv-purl", at));
                versions.add(new ScannedVersion(key, "2." + v + ".0", true, at, "bench scan", vulns));
            }
        }
        return new VulnerabilityScan("bench scan", at, versions, 0);
    }

    /** The advisory the bench's scan and monitor passes give a Maven component's version v (1..3). */
    static String advisory(int p, int v) {
        return "CVE-2026-" + (10000 + p * 10 + v);
    }

    static final int RELEASES = 100;
    static final int ALERTS = 2000;

    /**
     * What the monitor and the watch agents would have written at this size: RELEASES release names promoted to both
     * environments (30 Maven components each), two monitor passes (the first finds every host and release running
     * version 1 of a Maven component exposed, the second, after a data update, version 2 as well: one `exposed` event
     * per pair) and ALERTS open file-change alerts. Recorded through the store's own API, as `monitor` and
     * `POST /api/alerts` do.
     */
    static void monitorData(String backend, FleetStore store, int packages) {
        MonitorStore m = store.monitor();
        Instant at = Instant.now();
        String[] severities = {"critical", "high", "medium"};
        List<MonitorStore.Exposure> first = new ArrayList<>();
        List<MonitorStore.Exposure> second = new ArrayList<>();
        for (int r = 0; r < RELEASES; r++) {
            for (String env : List.of("production", "staging")) {
                List<MonitorStore.Component> components = new ArrayList<>();
                Map<Integer, Integer> versions = new HashMap<>();
                for (int i = 0; i < 30 && packages > 10; i++) {
                    int p = (r * 7 + i * 10) % packages / 10 * 10 + 7;
                    if (p >= packages || versions.containsKey(p)) {
                        continue;
                    }
                    int v = 1 + (r + i) % 5;
                    versions.put(p, v);
                    components.add(new MonitorStore.Component("pkg:maven/com.bench/lib-" + p, "2." + v + ".0"));
                }
                MonitorStore.ReleaseRow row = m.recordRelease(new MonitorStore.Release("app-" + r, "1." + r % 7 + ".0", env,
                        at.minusSeconds(3600L * r), components));
                MonitorStore.Subject subject = new MonitorStore.Subject(MonitorStore.Subject.RELEASE, row.id(),
                        row.name() + " " + row.version(), env);
                versions.forEach((p, v) -> expose(subject, p, v, severities, first, second));
            }
        }
        for (FleetStore.HostRow h : store.hosts(null)) {
            int number = Integer.parseInt(h.name().substring("host-".length()));
            List<PackageRef> refs = FleetBench.host(number, packages).packages();
            MonitorStore.Subject subject = new MonitorStore.Subject(MonitorStore.Subject.HOST, h.id(), h.name(), h.environment());
            for (int p = 0; p < refs.size(); p++) {
                if (refs.get(p).type().equals("maven")) {
                    int v = refs.get(p).version().charAt(2) - '0';
                    expose(subject, p, v, severities, first, second);
                }
            }
        }
        long t0 = System.nanoTime();
        m.recordPass(new MonitorStore.PassInput(at, at, "bench-data-1", "bench data 1", at, 0), first);
        long t1 = System.nanoTime();
        m.recordPass(new MonitorStore.PassInput(at.plusSeconds(1), at.plusSeconds(1), "bench-data-2", "bench data 2", at, 0), second);
        long t2 = System.nanoTime();
        List<FileAlert> alerts = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            alerts.add(new FileAlert(at.minusSeconds(i), "host-" + (i * 5), "/etc", "app/conf-" + i + ".yml", FileChange.MODIFIED,
                    FileAlert.OPEN, i % 2 == 0 ? "high" : "medium", FileChange.MODIFIED.rule().id(), null, null,
                    "app/conf-" + i + ".yml modified"));
        }
        store.recordAlerts(alerts);
        System.out.printf(Locale.ROOT, "%s monitor data: %d releases, pass 1 %,d exposures (%.0f ms), pass 2 %,d exposures"
                        + " (%.0f ms), %,d events; %d open file-change alerts; load average %.1f%n", backend, RELEASES * 2,
                first.size(), (t1 - t0) / 1e6, second.size(), (t2 - t1) / 1e6, first.size() + (second.size() - first.size()),
                ALERTS, load());
    }

    private static void expose(MonitorStore.Subject subject, int p, int v, String[] severities,
                               List<MonitorStore.Exposure> first, List<MonitorStore.Exposure> second) {
        if (v > 2) {
            return;
        }
        MonitorStore.Exposure e = new MonitorStore.Exposure(subject, advisory(p, v), severities[(p + v) % 3],
                "pkg:maven/com.bench/lib-" + p + "@2." + v + ".0", "2.5.0");
        second.add(e);
        if (v == 1) {
            first.add(e);
        }
    }

    static void run(String backend, FleetStore store, int hosts, int packages, int samples) throws Exception {
        store.recordVulnerabilities(scan(packages));
        monitorData(backend, store, packages);
        FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "");
        long r0 = System.nanoTime();
        dashboard.console().refresh();
        System.out.printf(Locale.ROOT, "%s console refresh (status tables of %d hosts, all components and advisories): %.0f ms;"
                + " load average %.1f%n", backend, hosts, (System.nanoTime() - r0) / 1e6, load());
        int maven = packages > 7 ? 7 : 0;
        String advisory = "CVE-2026-" + (10000 + maven * 10 + 1);
        String component = "pkg%3Amaven%2Fcom.bench%2Flib-" + maven;
        List<String> pages = List.of("/", "/api/attention", "/trend", "/api/trend",
                "/components", "/components?environment=production&policy=out&sort=overdue_days&dir=desc",
                "/components?vulnerable=critical&sort=vulnerable_machines&dir=desc&page=2", "/components?q=lib-9",
                "/api/list/components?environment=staging&tier=indirect&size=100",
                "/hosts", "/hosts?vulnerable=high&sort=severity&dir=desc", "/hosts?environment=staging&role=db&page=20",
                "/hosts?sort=patch_level&dir=asc&page=" + Math.max(1, hosts / 100), "/hosts?q=host-99", "/hosts?stale=2d",
                "/api/list/hosts?vulnerable=critical&size=500",
                "/advisories", "/advisories?severity=critical&sort=machines&dir=desc", "/api/list/advisories",
                "/advisories/" + advisory, "/advisories/" + advisory + "?page=5&environment=production",
                "/api/advisories/" + advisory,
                "/hosts/host-1", "/hosts/host-1?page=5", "/components/" + component, "/components/" + component + "?page=20",
                "/api/hosts/host-1?page=1", "/api/components/" + component + "?page=1",
                "/changes/host-1",
                "/events", "/events?kind=exposed&severity=critical&sort=severity&dir=desc", "/events?q=host-99&environment=production",
                "/events?page=200", "/events?sort=severity&dir=asc&page=3", "/events?subject=release&kind=resolved",
                "/events?q=cve-2026-1007&sort=at&dir=asc", "/api/list/events?subject=release&size=500", "/api/events?since=1h",
                "/releases", "/releases?exposed=critical&sort=exposures&dir=desc", "/releases?q=app-4&environment=staging",
                "/api/list/releases?size=200",
                "/alerts", "/alerts?severity=high&sort=host&dir=asc&page=10", "/alerts?q=conf-19", "/api/list/alerts?size=500",
                "/alerts?environment=production&severity=high",
                // the answers that carried the whole fleet, one page each since run 3 (WholeAnswers)
                "/overview", "/overview?page=3&environment=production", "/overview/hosts", "/api/components",
                "/api/components?page=5&environment=staging", "/api/hosts", "/api/hosts?page=" + Math.max(1, hosts / 1000),
                "/api/hosts?environment=production&size=1000", "/api/components/" + component, "/api/releases",
                "/api/releases?page=2&environment=staging");
        List<String> downloads = List.of("/export/list/hosts.csv?vulnerable=high", "/export/list/components.csv",
                "/export/list/advisories.csv?severity=critical", "/export/list/events.csv?kind=exposed&environment=staging&severity=critical",
                "/export/list/releases.csv", "/export/list/alerts.csv", "/export/components.json", "/export/hosts.json");
        try (FleetHttpServer server = new FleetHttpServer(store, dashboard, "127.0.0.1", 0, null, 1 << 20)) {
            server.start();
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            int over = 0;
            System.out.printf(Locale.ROOT, "%s console pages and API answers over HTTP (%d samples each, sequential):%n", backend, samples);
            for (String path : pages) {
                over += measure(http, base, backend, path, samples, true) ? 0 : 1;
            }
            System.out.printf(Locale.ROOT, "%s downloads (whole fleet, not pages; 3 samples each):%n", backend);
            for (String path : downloads) {
                measure(http, base, backend, path, 3, false);
            }
            System.out.printf(Locale.ROOT, "%s console: %d of %d pages over a target; load average %.1f%n", backend, over,
                    pages.size(), load());
        }
    }

    private static boolean measure(HttpClient http, String base, String backend, String path, int samples, boolean page)
            throws Exception {
        long[] nanos = new long[samples];
        long size = 0;
        int status = 0;
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - t0;
            size = r.body().length;
            status = r.statusCode();
        }
        double p50 = pct(nanos, 50);
        double p95 = pct(nanos, 95);
        boolean ok = status == 200 && p95 < P95_TARGET_MS && size < SIZE_TARGET;
        System.out.printf(Locale.ROOT, "  %s %-78s %d  p50 %6.0f ms  p95 %6.0f ms  %,10d bytes%s%n", backend, path, status, p50, p95,
                size, page ? (ok ? "" : "  OVER TARGET") : "");
        return ok;
    }

    static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))] / 1e6;
    }
}
