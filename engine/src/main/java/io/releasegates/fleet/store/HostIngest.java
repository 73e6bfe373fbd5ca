package io.releasegates.fleet.store;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.store.FleetStore.IngestResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One host report inside one transaction: lock the host row, diff the new package set against the current one,
 * close what disappeared, add what appeared, move the machine counters, record the report. Whatever fails, the
 * caller rolls everything back; readers see the old snapshot until commit and the new one after.
 */
final class HostIngest {
    static final int SHARDS = 8;

    private final Dialect dialect;
    private final Dictionary dictionary;

    HostIngest(Dialect dialect, Dictionary dictionary) {
        this.dialect = dialect;
        this.dictionary = dictionary;
    }

    private record HostState(int id, String environment, String role, String digest, Instant lastReportAt) {
    }

    IngestResult run(Connection c, HostReport r, Instant received) throws SQLException {
        HostState h = lockOrCreate(c, r);
        String digest = r.digest();
        if (digest.equals(h.digest())) {
            if (h.lastReportAt() == null || r.reportedAt().isAfter(h.lastReportAt())) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_host SET last_report_at = ? WHERE id = ?")) {
                    ps.setObject(1, utc(r.reportedAt()));
                    ps.setInt(2, h.id());
                    ps.executeUpdate();
                }
            }
            return new IngestResult(r.host(), false, r.packages().size(), 0, 0);
        }

        List<Dictionary.Entry> entries = new ArrayList<>(r.packages().size());
        for (PackageRef p : r.packages()) {
            Dictionary.Entry e = dictionary.lookup(p);
            if (e == null) {
                // registered before this transaction began; only a concurrent reset could lose it: try again
                throw new SQLException("dictionary entry missing for " + p.purl(), "40001");
            }
            entries.add(e);
        }
        Map<Integer, Integer> newVersions = new HashMap<>();
        for (Dictionary.Entry e : entries) {
            newVersions.put(e.versionId(), e.componentId());
        }
        Map<Integer, Integer> oldVersions = current(c, h.id());

        int[] added = newVersions.keySet().stream().filter(v -> !oldVersions.containsKey(v)).mapToInt(Integer::intValue).sorted().toArray();
        int[] removed = oldVersions.keySet().stream().filter(v -> !newVersions.containsKey(v)).mapToInt(Integer::intValue).sorted().toArray();

        Dialect.closeInstalls(c, h.id(), removed, received);
        dialect.insertInstalls(c, h.id(), added, received);
        moveCounters(c, h, r, oldVersions, newVersions);

        try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_host SET environment = ?, role = ?, last_report_at = ?,"
                + " last_digest = ?, package_count = ? WHERE id = ?")) {
            ps.setString(1, r.environment());
            ps.setString(2, r.role());
            ps.setObject(3, utc(r.reportedAt()));
            ps.setString(4, digest);
            ps.setInt(5, newVersions.size());
            ps.setInt(6, h.id());
            ps.executeUpdate();
        }
        int upToDate = (int) entries.stream().filter(dictionary::isNewestOrUnknown).count();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_report (host_id, received_at, environment, digest,"
                + " packages, up_to_date, added, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, h.id());
            ps.setObject(2, utc(received));
            ps.setString(3, r.environment());
            ps.setString(4, digest);
            ps.setInt(5, newVersions.size());
            ps.setInt(6, upToDate);
            ps.setInt(7, added.length);
            ps.setInt(8, removed.length);
            ps.executeUpdate();
        }
        return new IngestResult(r.host(), true, newVersions.size(), added.length, removed.length);
    }

    private HostState lockOrCreate(Connection c, HostReport r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, environment, role, last_digest, last_report_at"
                + " FROM fleet_host WHERE name = ? FOR UPDATE")) {
            ps.setString(1, r.host());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new HostState(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            JdbcFleetStore.instant(rs, 5));
                }
            }
        }
        // a concurrent first report of the same host fails here with a unique violation and is retried
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_host (name, environment, role) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, r.host());
            ps.setString(2, r.environment());
            ps.setString(3, r.role());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new HostState(keys.getInt(1), r.environment(), r.role(), null, null);
            }
        }
    }

    private static Map<Integer, Integer> current(Connection c, int hostId) throws SQLException {
        Map<Integer, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.version_id, v.component_id FROM fleet_install i"
                + " JOIN fleet_version v ON v.id = i.version_id WHERE i.host_id = ? AND i.valid_to IS NULL")) {
            ps.setInt(1, hostId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** Machine counters: per version and per component (a host with two versions of one component counts once). */
    private void moveCounters(Connection c, HostState h, HostReport r, Map<Integer, Integer> oldVersions,
                              Map<Integer, Integer> newVersions) throws SQLException {
        int shard = h.id() % SHARDS;
        // segment → id → delta; TreeMaps keep the lock order the same in every transaction
        TreeMap<String, TreeMap<Integer, Integer>> versions = new TreeMap<>();
        TreeMap<String, TreeMap<Integer, Integer>> components = new TreeMap<>();
        String oldSegment = h.environment() + '\u0000' + h.role();
        String newSegment = r.environment() + '\u0000' + r.role();
        oldVersions.keySet().forEach(v -> versions.computeIfAbsent(oldSegment, k -> new TreeMap<>()).merge(v, -1, Integer::sum));
        newVersions.keySet().forEach(v -> versions.computeIfAbsent(newSegment, k -> new TreeMap<>()).merge(v, 1, Integer::sum));
        new java.util.HashSet<>(oldVersions.values()).forEach(comp ->
                components.computeIfAbsent(h.environment(), k -> new TreeMap<>()).merge(comp, -1, Integer::sum));
        new java.util.HashSet<>(newVersions.values()).forEach(comp ->
                components.computeIfAbsent(r.environment(), k -> new TreeMap<>()).merge(comp, 1, Integer::sum));
        for (Map.Entry<String, TreeMap<Integer, Integer>> e : versions.entrySet()) {
            String[] seg = e.getKey().split("\u0000", 2);
            apply(c, Dialect.Counters.VERSIONS, seg[0], seg[1], shard, e.getValue());
        }
        for (Map.Entry<String, TreeMap<Integer, Integer>> e : components.entrySet()) {
            apply(c, Dialect.Counters.COMPONENTS, e.getKey(), "", shard, e.getValue());
        }
    }

    private void apply(Connection c, Dialect.Counters table, String env, String role, int shard, TreeMap<Integer, Integer> deltas)
            throws SQLException {
        for (int delta : new int[] {-1, 1}) {
            int[] ids = deltas.entrySet().stream().filter(e -> e.getValue() == delta).mapToInt(Map.Entry::getKey).toArray();
            dialect.addToCounters(c, table, env, role, shard, ids, delta);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

}
