package io.releasegates.fleet.store;

import io.releasegates.fleet.AvailableVersion;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageOrigin;
import io.releasegates.fleet.VulnerabilityScan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fleet's memory: who runs which version, since when, and which versions exist. Two backends share one SQL
 * schema (Flyway migrations): embedded H2 files (default) and PostgreSQL. Every method is safe to call from many
 * threads; an ingest is atomic.
 */
public interface FleetStore extends AutoCloseable {

    /**
     * Replaces the host's current snapshot atomically; an unchanged report writes nothing. Concurrent calls may share
     * one transaction (group commit); each returns its own result once the transaction holding its report committed.
     */
    IngestResult ingest(HostReport report);

    /** Records versions from a feed; a version already known keeps the earlier first-seen moment. Returns new ones. */
    int recordAvailable(List<AvailableVersion> versions);

    /** Every known component and version (fleet and feed), read fresh. */
    Catalog catalog();

    /**
     * The dictionary of these components only (a detail page's), the same for them as {@link #catalog()}: versions in
     * order, versions behind, first-seen moments. Keys no component has are left out.
     */
    Catalog catalog(java.util.Collection<String> purlKeys);

    /** Machine counts per version and host segment (environment, role); null environment means all. */
    List<VersionCount> versionCounts(String environment);

    /** Distinct machines per component id. */
    Map<Integer, Long> componentMachines(String environment);

    List<HostRow> hosts(String environment);

    Optional<HostRow> host(String name);

    /** The rows of these hosts, in no particular order; ids no host has are left out. */
    List<HostRow> hostsById(int[] hostIds);

    /** The version ids a host runs now. */
    List<Integer> hostVersions(int hostId);

    /** Current installations of one component: host id and version id pairs. */
    List<Installation> componentInstallations(int componentId, String environment);

    /** Current installations of these versions (an advisory's affected versions): host id and version id pairs. */
    List<Installation> versionInstallations(int[] versionIds, String environment);

    /**
     * Streams every host's current version ids, one call per host (the hosts view needs them all; no list of millions
     * of installations is built). The array is the sink's only for the call.
     */
    void forEachHost(String environment, HostSink sink);

    /** Every snapshot the host had, oldest first; the last one is the current one, with no end. */
    List<Snapshot> hostHistory(int hostId);

    /**
     * Deletes replaced snapshots that ended before {@code before}, and reports received before it (the trend's
     * points). Current snapshots, counters and the dictionary are never pruned: the views stay exact.
     */
    Pruned prune(Instant before);

    /** Accepted reports (one per change), oldest first: the trend. */
    List<ReportRow> reports(String environment);

    List<String> environments();

    /**
     * Records one scan's findings in one transaction. Per component version, the scan replaces the stored advisories
     * only when it ran later than the scan they came from; re-importing the same scan changes nothing.
     */
    VulnerabilityImport recordVulnerabilities(VulnerabilityScan scan);

    /** Every imported scan fact, read fresh; empty when no scan was ever imported. */
    VulnerabilityIndex vulnerabilities();

    /** The scan facts of one component's versions (purl key without version), as {@link #vulnerabilities()} has them. */
    VulnerabilityIndex componentVulnerabilities(String purlKey);

    /**
     * The scan facts of the versions one advisory affects, every advisory of those versions included, as
     * {@link #vulnerabilities()} has them.
     */
    VulnerabilityIndex versionsAffectedBy(String advisory);

    /** Whether any scan was ever imported ({@code !vulnerabilities().isEmpty()} without reading them). */
    boolean hasScanData();

    /** The Debian origins (release, source package) hosts reported for their deb versions, in key, version order. */
    List<PackageOrigin> origins();

    /** Distinct machines per component id that run one of the given version ids (component id → its version ids). */
    Map<Integer, Long> machinesRunning(Map<Integer, Set<Integer>> versionsByComponent, String environment);

    /** The operations console's read model: status tables, paged lists, the trend (docs/fleet.md, Console). */
    ConsoleTables console();

    /**
     * Rebuilds the version-to-hosts index ({@code VersionHosts}) when the snapshots changed since it was built: read
     * first, then written in a transaction of its own (the snapshot scan must not share the writer's connection).
     */
    void refreshVersionHosts();
    /**
     * Records file-change alerts of {@code integrity watch} agents in one transaction: an open alert replaces the
     * open one for the same host, tree, path and change; a resolved one closes it. Returns the open alerts stored.
     */
    int recordAlerts(List<io.releasegates.integrity.watch.FileAlert> alerts);

    /** Open file-change alerts, newest first: of one host, or fleet-wide when {@code host} is null. */
    List<AlertRow> openAlerts(String host);

    /** Releases, exposures, monitor events and notification cursors (docs/monitoring.md). */
    MonitorStore monitor();

    /** Backend and location, with any password masked. */
    String description();

    @Override
    void close();

    record Installation(int hostId, int versionId) {
    }

    /** The version ids a host ran from {@code from} until {@code to} (null: still runs them), ascending. */
    record Snapshot(Instant from, Instant to, List<Integer> versionIds) {
        public Snapshot {
            versionIds = List.copyOf(versionIds);
        }
    }

    record Pruned(int snapshots, int reports) {
    }

    @FunctionalInterface
    interface HostSink {
        void accept(int hostId, int[] versionIds);
    }

    record VersionCount(int versionId, String environment, String role, long hosts) {
    }

    record HostRow(int id, String name, String environment, String role, Instant lastReportAt,
                   int packages) {
    }

    record ReportRow(int hostId, Instant receivedAt, String environment, int packages, int upToDate) {
    }

    /**
     * @param versions   component versions in the scan
     * @param updated    versions whose stored facts the scan set or replaced
     * @param unchanged  versions a newer (or the same) scan had already described
     * @param added      advisories newly recorded for a version
     * @param removed    advisories a newer scan no longer reports for a version
     * @param skipped    scan entries without a usable purl, advisory id or size
     */
    record VulnerabilityImport(int versions, int updated, int unchanged, int added, int removed, int skipped) {
    }

    record IngestResult(String host, boolean changed, int packages, int added, int removed) {
    }

    /** A stored file-change alert with its row id and the moment the server received it. */
    record AlertRow(long id, io.releasegates.integrity.watch.FileAlert alert, Instant receivedAt) {
    }
}
