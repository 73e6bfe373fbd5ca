package io.releasegates.fleet.store;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.store.FleetStore.IngestResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of host reports (each for a different host) inside one transaction: lock the host rows in name order,
 * diff each new package set against the host's current one, then write what disappeared, what appeared, the merged
 * counter moves and the report rows in bulk. Whatever fails, the caller rolls everything back; readers see the old
 * snapshots until commit and the new ones after.
 */
final class HostIngest {
    /** Counter rows are spread over shards so that two processes writing the same store rarely wait on one row. */
    static final int SHARDS = 8;

    private final Dialect dialect;
    private final Dictionary dictionary;

    HostIngest(Dialect dialect, Dictionary dictionary) {
        this.dialect = dialect;
        this.dictionary = dictionary;
    }

    /** One report to apply, the moment it was received, its digest and its packages' dictionary entries. */
    record Job(HostReport report, Instant received, String digest, List<Dictionary.Entry> entries) {
    }

    private record HostState(int id, String environment, String role, String digest, Instant lastReportAt, boolean created) {
    }

    /** The batch's results in the jobs' order; the host names must be distinct. */
    List<IngestResult> run(Connection c, List<Job> jobs, int shard) throws SQLException {
        List<HostReport> byName = new ArrayList<>(jobs.size());
        jobs.forEach(j -> byName.add(j.report()));
        byName.sort(Comparator.comparing(HostReport::host));
        for (int i = 1; i < byName.size(); i++) {
            if (byName.get(i).host().equals(byName.get(i - 1).host())) {
                throw new IllegalArgumentException("host " + byName.get(i).host() + " twice in one batch");
            }
        }
        Map<String, HostState> hosts = dialect == Dialect.POSTGRES ? lockOrCreateAll(c, byName) : new HashMap<>();
        if (dialect != Dialect.POSTGRES) {
            for (HostReport r : byName) {
                hosts.put(r.host(), lockOrCreate(c, r));
            }
        }
        BatchWrites writes = new BatchWrites();
        List<IngestResult> results = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            results.add(apply(c, j, hosts.get(j.report().host()), writes));
        }
        writes.flush(c, dialect, shard);
        return results;
    }

    private IngestResult apply(Connection c, Job job, HostState h, BatchWrites writes) throws SQLException {
        HostReport r = job.report();
        Instant received = job.received();
        String digest = job.digest();
        if (digest.equals(h.digest())) {
            if (h.lastReportAt() == null || r.reportedAt().isAfter(h.lastReportAt())) {
                writes.touch(h.id(), r.reportedAt());
            }
            return new IngestResult(r.host(), false, r.packages().size(), 0, 0);
        }
        List<Dictionary.Entry> entries = job.entries();
        int[] versionIds = new int[entries.size()];
        Set<Integer> newComponents = new HashSet<>();
        int upToDate = 0;
        for (int i = 0; i < versionIds.length; i++) {
            Dictionary.Entry e = entries.get(i);
            versionIds[i] = e.versionId();
            newComponents.add(e.componentId());
            if (dictionary.isNewestOrUnknown(e)) {
                upToDate++;
            }
        }
        Arrays.sort(versionIds);
        // a host's first report has no snapshot to diff against: its counters only go up
        Snapshots.Current old = h.created() ? null : Snapshots.current(c, h.id());
        int[] oldIds = old == null ? new int[0] : old.versionIds();
        int added = 0;
        int removed = 0;
        int i = 0;
        int k = 0;
        while (i < versionIds.length || k < oldIds.length) {
            if (k == oldIds.length || (i < versionIds.length && versionIds[i] < oldIds[k])) {
                added++;
                i++;
            } else if (i == versionIds.length || oldIds[k] < versionIds[i]) {
                removed++;
                k++;
            } else {
                i++;
                k++;
            }
        }
        // a version kept in the same segment nets to zero and is not written
        Set<Integer> oldComponents = new HashSet<>();
        for (int v : oldIds) {
            writes.count(Dialect.Counters.VERSIONS, h.environment(), h.role(), v, -1);
            oldComponents.add(componentOf(c, v));
        }
        oldComponents.forEach(comp -> writes.count(Dialect.Counters.COMPONENTS, h.environment(), "", comp, -1));
        for (int v : versionIds) {
            writes.count(Dialect.Counters.VERSIONS, r.environment(), r.role(), v, 1);
        }
        // machines per component: a host with two versions of one component counts once
        newComponents.forEach(comp -> writes.count(Dialect.Counters.COMPONENTS, r.environment(), "", comp, 1));
        if (old == null || !Arrays.equals(oldIds, versionIds)) {
            // an environment or role change alone moves counters but leaves the snapshot (and its history) as it is
            writes.snapshots.add(new Snapshots.Change(h.id(), received, versionIds, old));
        }
        writes.replace(h.id(), r.environment(), r.role(), r.reportedAt(), digest, versionIds.length);
        writes.report(h.id(), received, r.environment(), digest, versionIds.length, upToDate, added, removed);
        return new IngestResult(r.host(), true, versionIds.length, added, removed);
    }

    /** PostgreSQL: the batch's host rows locked in name order with one statement, the new ones created with one more. */
    private static Map<String, HostState> lockOrCreateAll(Connection c, List<HostReport> byName) throws SQLException {
        Map<String, HostState> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, environment, role, last_digest, last_report_at, name"
                + " FROM fleet_host WHERE name = ANY(?) ORDER BY name FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", byName.stream().map(HostReport::host).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(6), new HostState(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Timestamps.instant(rs, 5), false));
                }
            }
        }
        List<HostReport> missing = byName.stream().filter(r -> !out.containsKey(r.host())).toList();
        if (missing.isEmpty()) {
            return out;
        }
        // a concurrent first report of the same host (another process) fails here with a unique violation: retried
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_host (name, environment, role)"
                + " SELECT * FROM unnest(?, ?, ?) RETURNING id, name")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", missing.stream().map(HostReport::host).toArray()));
            ps.setArray(2, c.createArrayOf("VARCHAR", missing.stream().map(HostReport::environment).toArray()));
            ps.setArray(3, c.createArrayOf("VARCHAR", missing.stream().map(HostReport::role).toArray()));
            Map<String, Integer> ids = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(2), rs.getInt(1));
                }
            }
            for (HostReport r : missing) {
                out.put(r.host(), new HostState(ids.get(r.host()), r.environment(), r.role(), null, null, true));
            }
        }
        return out;
    }

    private static HostState lockOrCreate(Connection c, HostReport r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, environment, role, last_digest, last_report_at"
                + " FROM fleet_host WHERE name = ? FOR UPDATE")) {
            ps.setString(1, r.host());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new HostState(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Timestamps.instant(rs, 5), false);
                }
            }
        }
        // a concurrent first report of the same host (another process) fails here with a unique violation: retried
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_host (name, environment, role) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, r.host());
            ps.setString(2, r.environment());
            ps.setString(3, r.role());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new HostState(keys.getInt(1), r.environment(), r.role(), null, null, true);
            }
        }
    }

    /**
     * The component of a version in a stored snapshot. One another process registered is read from the database
     * once and then remembered: a version's component never changes, and the row read is committed.
     */
    private int componentOf(Connection c, int versionId) throws SQLException {
        Integer known = dictionary.componentOf(versionId);
        if (known != null) {
            return known;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT component_id FROM fleet_version WHERE id = ?")) {
            ps.setInt(1, versionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("a stored snapshot names version id " + versionId + ", which does not exist");
                }
                int component = rs.getInt(1);
                dictionary.rememberComponent(versionId, component);
                return component;
            }
        }
    }
}
