package io.releasegates.fleet.monitor;

import io.releasegates.fleet.KnownVulnerability;
import io.releasegates.fleet.PackageOrigin;
import io.releasegates.fleet.ScanEvidence;
import io.releasegates.fleet.ScannedVersion;
import io.releasegates.fleet.VulnerabilityScan;
import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.fleet.store.MonitorStore.Exposure;
import io.releasegates.fleet.store.MonitorStore.Subject;
import io.releasegates.scan.DebianOrigin;
import io.releasegates.scan.OsvVersionScan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One monitor pass (docs/monitoring.md): every host's and every recorded release's component versions matched against
 * the current advisory data, each distinct version once (OSV exact as {@code fleet vulnerabilities --osv}, NVD through
 * the scan's CPE mapping), and the resulting (subject, advisory) pairs handed to the store, which records the
 * difference against the previous pass as events in the same transaction.
 */
public final class MonitorPass {
    /** What a pass did, for the console and the bench. */
    public record Outcome(MonitorStore.PassResult result, int hosts, int releases, int versions, int affectedVersions,
                          Duration matching, Duration total) {
    }

    private MonitorPass() {
    }

    public static Outcome run(FleetStore store, AdvisorySources data, Clock clock) {
        long t0 = System.nanoTime();
        Instant started = clock.instant();
        String fingerprint = data.fingerprint();
        MonitorStore monitor = store.monitor();
        Catalog catalog = store.catalog();
        Map<Integer, FleetStore.HostRow> hosts = new HashMap<>();
        store.hosts(null).forEach(h -> hosts.put(h.id(), h));
        // each host's snapshot is the sink's only for the call: copied (10,000 x 1,000 ids are 40 MB)
        Map<Integer, int[]> snapshots = new HashMap<>();
        BitSet used = new BitSet();
        store.forEachHost(null, (hostId, ids) -> {
            snapshots.put(hostId, ids.clone());
            for (int id : ids) {
                used.set(id);
            }
        });
        List<MonitorStore.ReleaseRow> releases = monitor.releases(null);
        Map<Integer, List<MonitorStore.Component>> releaseComponents = monitor.releaseComponents();

        Set<String> purls = new LinkedHashSet<>();
        String[] purlOf = new String[used.length()];
        for (int id = used.nextSetBit(0); id >= 0; id = used.nextSetBit(id + 1)) {
            Catalog.Version v = catalog.version(id);
            if (v != null) {
                purlOf[id] = catalog.component(v.componentId()).key() + "@" + v.version();
                purls.add(purlOf[id]);
            }
        }
        releaseComponents.values().forEach(list -> list.forEach(c -> purls.add(c.key() + "@" + c.version())));
        Map<String, List<DebianOrigin>> origins = new HashMap<>();
        for (PackageOrigin o : store.origins()) {
            origins.computeIfAbsent(o.key() + "@" + o.version(), k -> new ArrayList<>())
                    .add(new DebianOrigin(o.distro(), o.source(), o.sourceVersion()));
        }
        long m0 = System.nanoTime();
        VulnerabilityScan scan = ScanEvidence.of(OsvVersionScan.scan(data.osv(), data.nvdDataDir(), data.nvdRecords(),
                List.copyOf(purls), origins), data.description());
        Duration matching = Duration.ofNanos(System.nanoTime() - m0);
        Map<String, List<KnownVulnerability>> affected = new HashMap<>();
        for (ScannedVersion v : scan.versions()) {
            if (!v.vulnerabilities().isEmpty()) {
                affected.put(v.key() + "@" + v.version(), v.vulnerabilities());
            }
        }

        List<Exposure> exposures = new ArrayList<>();
        snapshots.forEach((hostId, ids) -> {
            FleetStore.HostRow h = hosts.get(hostId);
            if (h == null) {
                return;
            }
            Map<String, Exposure> pairs = new HashMap<>();
            for (int id : ids) {
                String purl = id < purlOf.length ? purlOf[id] : null;
                List<KnownVulnerability> known = purl == null ? null : affected.get(purl);
                if (known != null) {
                    add(pairs, new Subject(Subject.HOST, hostId, h.name(), h.environment()), purl, known);
                }
            }
            exposures.addAll(pairs.values());
        });
        for (MonitorStore.ReleaseRow r : releases) {
            Map<String, Exposure> pairs = new HashMap<>();
            Subject subject = new Subject(Subject.RELEASE, r.id(), r.name() + " " + r.version(), r.environment());
            for (MonitorStore.Component c : releaseComponents.getOrDefault(r.id(), List.of())) {
                String purl = c.key() + "@" + c.version();
                List<KnownVulnerability> known = affected.get(purl);
                if (known != null) {
                    add(pairs, subject, purl, known);
                }
            }
            exposures.addAll(pairs.values());
        }
        Instant finished = clock.instant();
        MonitorStore.PassResult result = monitor.recordPass(new MonitorStore.PassInput(started, finished, fingerprint,
                data.description(), scan.scannedAt(), snapshots.size() + releases.size()), exposures);
        return new Outcome(result, snapshots.size(), releases.size(), purls.size(), affected.size(), matching,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** One pair per advisory; when several components of a subject have it, the first by purl names it (stable). */
    private static void add(Map<String, Exposure> pairs, Subject subject, String purl, List<KnownVulnerability> known) {
        for (KnownVulnerability v : known) {
            Exposure e = new Exposure(subject, v.advisory(), v.severity().label(), purl, String.join(", ", v.fixedIn()));
            pairs.merge(v.advisory(), e, (a, b) -> a.component().compareTo(b.component()) <= 0 ? a : b);
        }
    }
}
