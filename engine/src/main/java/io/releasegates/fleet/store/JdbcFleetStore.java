package io.releasegates.fleet.store;

import io.releasegates.fleet.AvailableVersion;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageOrigin;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.VulnerabilityScan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/** The one implementation of {@link FleetStore}: portable SQL, with {@link Dialect} for bulk paths. */
final class JdbcFleetStore implements FleetStore, StoreTransactions {
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01", "HYT00");
    private static final int ATTEMPTS = 10;

    private final Dialect dialect;
    private final ConnectionPool pool;
    private final String description;
    private final Clock clock;
    private final Dictionary dictionary = new Dictionary();
    private final OriginTable origins = new OriginTable();
    private final HostIngest hostIngest;
    private final GroupCommit groupCommit;
    private final ReentrantLock registering = new ReentrantLock();
    private final int shardOffset = ThreadLocalRandom.current().nextInt(HostIngest.SHARDS);
    private final MonitorStore monitor = new JdbcMonitorStore(this);

    JdbcFleetStore(Dialect dialect, ConnectionPool pool, String description, Clock clock) {
        this.dialect = dialect;
        this.pool = pool;
        this.description = description;
        this.clock = clock;
        this.hostIngest = new HostIngest(dialect, dictionary);
        read(c -> {
            dictionary.load(c);
            origins.load(c);
            return null;
        });
        // PostgreSQL: one batch runs in the server while the next is prepared; H2 does its work in this JVM, where a
        // second writer only contends with the first (measured slower); -Dreleasegates.fleet.writers=N for experiments
        int writers = Integer.getInteger("releasegates.fleet.writers", dialect == Dialect.POSTGRES ? 2 : 1);
        this.groupCommit = new GroupCommit(this::applyBatch, writers, description);
    }

    /**
     * Runs one transaction, retrying when a concurrent writer won a race (unique key, deadlock, lock timeout), and
     * returns once it is on the disk ({@link Dialect#sync}), so that whatever a caller acknowledges survives a crash.
     * The packages are registered in the dictionary first, each row committed on its own.
     */
    @Override
    public <T> T transaction(String what, Map<PackageRef, Instant> register, String source, ConnectionWork<T> work) {
        return transaction(what, register, source, work, true);
    }

    private <T> T transaction(String what, Map<PackageRef, Instant> register, String source, ConnectionWork<T> work, boolean sync) {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Connection c = null;
            try {
                c = pool.take();
                Map<PackageRef, Instant> missing = new HashMap<>();
                register.forEach((ref, seen) -> {
                    if (dictionary.lookup(ref) == null) {
                        missing.put(ref, seen);
                    }
                });
                if (!missing.isEmpty()) {
                    dictionary.publish(dictionary.resolve(c, missing, source));
                }
                c.setAutoCommit(false);
                T result = work.run(c);
                c.commit();
                if (sync) {
                    sync(c, what);
                }
                return result;
            } catch (SQLException e) {
                rollback(c);
                last = e;
                if (!RETRYABLE.contains(e.getSQLState())) {
                    break;
                }
                pause(attempt);
            } finally {
                if (c != null) {
                    pool.give(c);
                }
            }
        }
        throw new FleetStoreException(what + " failed: " + (last == null ? "unknown" : last.getMessage()), last);
    }

    /** Not retried: the transaction committed, running it again would apply it twice. */
    private void sync(Connection c, String what) {
        try {
            c.setAutoCommit(true);
            dialect.sync(c);
        } catch (SQLException e) {
            throw new FleetStoreException(what + ": committed, but the store could not force it to disk: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T read(ConnectionWork<T> work) {
        Connection c = null;
        try {
            c = pool.take();
            return work.run(c);
        } catch (SQLException e) {
            throw new FleetStoreException("fleet store read failed: " + e.getMessage(), e);
        } finally {
            if (c != null) {
                pool.give(c);
            }
        }
    }

    private static void rollback(Connection c) {
        try {
            if (c != null && !c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is returned and validated by the pool
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * (attempt + 1) + (long) (Math.random() * 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Registers unknown packages and computes the digest on the caller's thread (many callers work in parallel), then
     * queues the report for the group commit; returns once the report is committed.
     */
    @Override
    public IngestResult ingest(HostReport report) {
        Instant received = clock.instant();
        String what = "ingest of host " + report.host();
        Map<PackageRef, Instant> missing = new HashMap<>();
        for (PackageRef p : report.packages()) {
            if (dictionary.lookup(p) == null) {
                missing.put(p, received);
            }
        }
        if (!missing.isEmpty()) {
            // one registrar at a time: 64 callers with the same 1,000 new packages would otherwise race to insert
            // each of them 64 times (every loser a unique violation), which is most of a new fleet's first minute
            registering.lock();
            try {
                missing.keySet().removeIf(p -> dictionary.lookup(p) != null);
                if (!missing.isEmpty()) {
                    // synced by the batch that follows: a dictionary row alone is never acknowledged
                    transaction(what, missing, "fleet", c -> null, false);
                }
            } finally {
                registering.unlock();
            }
        }
        List<Dictionary.Entry> entries = new ArrayList<>(report.packages().size());
        for (PackageRef p : report.packages()) {
            Dictionary.Entry e = dictionary.lookup(p);
            if (e == null) {
                throw new FleetStoreException(what + " failed: dictionary entry missing for " + p.purl(), null);
            }
            entries.add(e);
        }
        recordOrigins(report, entries);
        return groupCommit.submit(new HostIngest.Job(report, received, report.digest(), List.copyOf(entries)));
    }

    /** Origins are facts about versions: recorded even when the host's snapshot is unchanged (a store upgraded to V5). */
    private void recordOrigins(HostReport report, List<Dictionary.Entry> entries) {
        Map<PackageOrigin, Integer> byVersion = OriginTable.byVersion(report, entries);
        if (origins.missing(byVersion).isEmpty()) {
            return;
        }
        // one registrar at a time, as for the dictionary: concurrent first reports of one release would race on each row
        registering.lock();
        try {
            Map<PackageOrigin, Integer> missing = origins.missing(byVersion);
            if (!missing.isEmpty()) {
                read(c -> {
                    origins.record(c, missing);
                    return null;
                });
            }
        } finally {
            registering.unlock();
        }
    }

    @Override
    public List<PackageOrigin> origins() {
        return read(OriginTable::all);
    }

    /** One transaction for a batch of reports of distinct hosts (a group commit writer thread). */
    private List<IngestResult> applyBatch(List<HostIngest.Job> jobs, int writer) {
        String what = jobs.size() == 1 ? "ingest of host " + jobs.get(0).report().host() : "ingest of " + jobs.size() + " reports";
        // each writer thread has its own counter shard, so the writers of one process never wait on each other's rows;
        // the random offset keeps two processes on one store mostly apart
        int shard = (shardOffset + writer) % HostIngest.SHARDS;
        return transaction(what, Map.of(), "fleet", c -> hostIngest.run(c, jobs, shard));
    }

    @Override
    public int recordAvailable(List<AvailableVersion> versions) {
        Map<PackageRef, Instant> earliest = new HashMap<>();
        for (AvailableVersion v : versions) {
            earliest.merge(v.ref(), v.firstSeen(), (a, b) -> a.isBefore(b) ? a : b);
        }
        int known = (int) earliest.keySet().stream().filter(r -> dictionary.lookup(r) != null).count();
        return transaction("recording available versions", earliest, "feed", c -> {
            // versions the fleet saw first keep their own moment unless the feed knows an earlier one
            try (PreparedStatement older = c.prepareStatement(
                    "UPDATE fleet_version SET first_seen = ? WHERE id = ? AND first_seen > ?")) {
                for (Map.Entry<PackageRef, Instant> e : earliest.entrySet()) {
                    OffsetDateTime seen = OffsetDateTime.ofInstant(e.getValue(), ZoneOffset.UTC);
                    older.setObject(1, seen);
                    older.setInt(2, dictionary.lookup(e.getKey()).versionId());
                    older.setObject(3, seen);
                    older.addBatch();
                }
                older.executeBatch();
            }
            return earliest.size() - known;
        });
    }

    @Override
    public Catalog catalog() {
        return read(c -> {
            List<Catalog.Component> components = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, purl_key, type, name FROM fleet_component");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    components.add(new Catalog.Component(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            List<Catalog.Version> versions = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, component_id, version, first_seen, source FROM fleet_version");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(new Catalog.Version(rs.getInt(1), rs.getInt(2), rs.getString(3), Timestamps.instant(rs, 4),
                            rs.getString(5)));
                }
            }
            return new Catalog(components, versions);
        });
    }

    @Override
    public Catalog catalog(java.util.Collection<String> purlKeys) {
        return read(c -> DetailReads.catalog(c, purlKeys));
    }

    @Override
    public List<HostRow> hostsById(int[] hostIds) {
        return read(c -> List.copyOf(DetailReads.hosts(c, hostIds)));
    }

    @Override
    public List<VersionCount> versionCounts(String environment) {
        String sql = "SELECT version_id, environment, role, SUM(hosts) FROM fleet_version_count"
                + (environment == null ? "" : " WHERE environment = ?")
                + " GROUP BY version_id, environment, role HAVING SUM(hosts) > 0";
        return query(sql, environment, rs -> new VersionCount(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    @Override
    public Map<Integer, Long> componentMachines(String environment) {
        String sql = "SELECT component_id, SUM(hosts) FROM fleet_component_count"
                + (environment == null ? "" : " WHERE environment = ?")
                + " GROUP BY component_id HAVING SUM(hosts) > 0";
        Map<Integer, Long> out = new HashMap<>();
        query(sql, environment, rs -> Map.entry(rs.getInt(1), rs.getLong(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return Map.copyOf(out);
    }

    private static final String HOST_COLUMNS = HostRows.COLUMNS;

    @Override
    public List<HostRow> hosts(String environment) {
        return query(HOST_COLUMNS + (environment == null ? "" : " WHERE environment = ?") + " ORDER BY name",
                environment, JdbcFleetStore::hostRow);
    }

    @Override
    public Optional<HostRow> host(String name) {
        return query(HOST_COLUMNS + " WHERE name = ?", name, JdbcFleetStore::hostRow).stream().findFirst();
    }

    private static HostRow hostRow(ResultSet rs) throws SQLException {
        return HostRows.read(rs);
    }

    @Override
    public List<Integer> hostVersions(int hostId) {
        return read(c -> {
            Snapshots.Current current = Snapshots.current(c, hostId);
            return current == null ? List.<Integer>of() : Arrays.stream(current.versionIds()).boxed().toList();
        });
    }

    @Override
    public List<Installation> componentInstallations(int componentId, String environment) {
        return read(c -> installations(c, Snapshots.versionsOf(c, componentId), environment));
    }

    @Override
    public List<Installation> versionInstallations(int[] versionIds, String environment) {
        int[] sorted = versionIds.clone();
        Arrays.sort(sorted);
        return read(c -> installations(c, sorted, environment));
    }

    /** From the version-to-hosts index while it matches the snapshots, else from the snapshots themselves. */
    private static List<Installation> installations(Connection c, int[] sortedVersionIds, String environment) throws SQLException {
        Optional<List<Installation>> indexed = VersionHosts.installations(c, sortedVersionIds, environment);
        return List.copyOf(indexed.isPresent() ? indexed.get() : Snapshots.running(c, sortedVersionIds, environment));
    }

    @Override
    public void forEachHost(String environment, HostSink sink) {
        read(c -> {
            Snapshots.scan(c, environment, sink::accept);
            return null;
        });
    }

    @Override
    public List<Snapshot> hostHistory(int hostId) {
        return read(c -> List.copyOf(Snapshots.history(c, hostId)));
    }

    @Override
    public Pruned prune(Instant before) {
        return transaction("pruning history before " + before, Map.of(), "fleet", c -> Snapshots.prune(c, before));
    }

    @Override
    public List<ReportRow> reports(String environment) {
        return query("SELECT host_id, received_at, environment, packages, up_to_date FROM fleet_report"
                        + (environment == null ? "" : " WHERE environment = ?") + " ORDER BY received_at, id",
                environment, rs -> new ReportRow(rs.getInt(1), Timestamps.instant(rs, 2), rs.getString(3), rs.getInt(4), rs.getInt(5)));
    }

    @Override
    public List<String> environments() {
        return query("SELECT DISTINCT environment FROM fleet_host ORDER BY environment", null, rs -> rs.getString(1));
    }

    @Override
    public VulnerabilityImport recordVulnerabilities(VulnerabilityScan scan) {
        return transaction("recording vulnerabilities from " + scan.source(), Map.of(), "scan",
                c -> VulnerabilityTable.record(c, scan));
    }

    @Override
    public VulnerabilityIndex vulnerabilities() {
        return read(VulnerabilityTable::read);
    }

    @Override
    public VulnerabilityIndex componentVulnerabilities(String purlKey) {
        return read(c -> VulnerabilityTable.readComponent(c, purlKey));
    }

    @Override
    public VulnerabilityIndex versionsAffectedBy(String advisory) {
        return read(c -> VulnerabilityTable.readAffectedBy(c, advisory));
    }

    @Override
    public boolean hasScanData() {
        return read(VulnerabilityTable::any);
    }

    @Override
    public Map<Integer, Long> machinesRunning(Map<Integer, Set<Integer>> versionsByComponent, String environment) {
        return versionsByComponent.isEmpty() ? Map.of() : read(c -> {
            Optional<Map<Integer, Long>> indexed = VersionHosts.machinesRunning(c, versionsByComponent, environment);
            return indexed.isPresent() ? indexed.get() : Snapshots.machinesRunning(c, versionsByComponent, environment);
        });
    }

    @Override
    public int recordAlerts(List<io.releasegates.integrity.watch.FileAlert> alerts) {
        return transaction("recording " + alerts.size() + " file-change alert(s)", Map.of(), "alerts",
                c -> FileAlertTable.record(c, alerts, clock.instant()));
    }

    @Override
    public List<AlertRow> openAlerts(String host) {
        return read(c -> List.copyOf(FileAlertTable.open(c, host)));
    }

    @Override
    public MonitorStore monitor() {
        return monitor;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public ConsoleTables console() {
        return new ConsoleTables(this::read, this::consoleWrite, dialect == Dialect.H2);
    }

    @Override
    public void refreshVersionHosts() {
        VersionHosts.Built built = read(VersionHosts::build);
        if (built != null) {
            consoleWrite(c -> {
                VersionHosts.write(c, built);
                return null;
            });
        }
    }

    private <T> T consoleWrite(ConnectionWork<T> work) {
        return transaction("refreshing the console tables", Map.of(), "fleet", work);
    }

    @Override
    public void close() {
        groupCommit.close();
        pool.close();
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, String param, RowMapper<T> mapper) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (param != null) {
                    ps.setString(1, param);
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    Dialect dialect() {
        return dialect;
    }
}
