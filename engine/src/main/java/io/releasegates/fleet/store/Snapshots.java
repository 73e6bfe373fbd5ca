package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes host snapshots: {@code fleet_current} holds each host's version ids now (one row per host),
 * {@code fleet_history} every earlier snapshot with the stretch of time it was valid. The same SQL on H2 and
 * PostgreSQL; a batch writes one row per changed host, not one per package.
 */
final class Snapshots {
    private Snapshots() {
    }

    /** A host's current snapshot: valid since {@code since}, its ids ascending, and their stored form. */
    record Current(Instant since, int[] versionIds, byte[] stored) {
    }

    /** A host's new snapshot; {@code previous} (null for a new host) becomes history, valid until {@code at}. */
    record Change(int hostId, Instant at, int[] versionIds, Current previous) {
    }

    @FunctionalInterface
    interface Sink {
        void accept(int hostId, int[] versionIds);
    }

    /** The host's current snapshot, or null when it has none yet. */
    static Current current(Connection c, int hostId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT since, versions FROM fleet_current WHERE host_id = ?")) {
            ps.setInt(1, hostId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                byte[] stored = rs.getBytes(2);
                return new Current(Timestamps.instant(rs, 1), VersionSet.decode(stored, hostId), stored);
            }
        }
    }

    /** Moves each previous snapshot to the history and stores the new one. */
    static void write(Connection c, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement history = c.prepareStatement(
                "INSERT INTO fleet_history (host_id, valid_from, valid_to, versions) VALUES (?, ?, ?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE fleet_current SET since = ?, versions = ? WHERE host_id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_current (host_id, since, versions) VALUES (?, ?, ?)")) {
            boolean anyHistory = false;
            boolean anyInsert = false;
            for (Change ch : changes) {
                OffsetDateTime at = utc(ch.at());
                byte[] versions = VersionSet.encode(ch.versionIds());
                if (ch.previous() == null) {
                    insert.setInt(1, ch.hostId());
                    insert.setObject(2, at);
                    insert.setBytes(3, versions);
                    insert.addBatch();
                    anyInsert = true;
                    continue;
                }
                history.setInt(1, ch.hostId());
                history.setObject(2, utc(ch.previous().since()));
                history.setObject(3, at);
                history.setBytes(4, ch.previous().stored());
                history.addBatch();
                anyHistory = true;
                update.setObject(1, at);
                update.setBytes(2, versions);
                update.setInt(3, ch.hostId());
                update.addBatch();
            }
            if (anyHistory) {
                history.executeBatch();
                update.executeBatch();
            }
            if (anyInsert) {
                insert.executeBatch();
            }
        }
    }

    /** Every snapshot of one host, oldest first, the current one last. */
    static List<FleetStore.Snapshot> history(Connection c, int hostId) throws SQLException {
        List<FleetStore.Snapshot> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT valid_from, valid_to, versions FROM fleet_history"
                + " WHERE host_id = ? ORDER BY valid_from")) {
            ps.setInt(1, hostId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FleetStore.Snapshot(Timestamps.instant(rs, 1), Timestamps.instant(rs, 2),
                            boxed(VersionSet.decode(rs.getBytes(3), hostId))));
                }
            }
        }
        Current now = current(c, hostId);
        if (now != null) {
            out.add(new FleetStore.Snapshot(now.since(), null, boxed(now.versionIds())));
        }
        return out;
    }

    private static List<Integer> boxed(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }

    /** Streams every current snapshot, of one environment's hosts or (null) of all. */
    static void scan(Connection c, String environment, Sink sink) throws SQLException {
        String sql = "SELECT s.host_id, s.versions FROM fleet_current s"
                + (environment == null ? "" : " JOIN fleet_host h ON h.id = s.host_id WHERE h.environment = ?");
        boolean autoCommit = c.getAutoCommit();
        // PostgreSQL only streams with a cursor inside a transaction
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(500);
            if (environment != null) {
                ps.setString(1, environment);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int host = rs.getInt(1);
                    sink.accept(host, VersionSet.decode(rs.getBytes(2), host));
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** The version ids of one component, ascending. */
    static int[] versionsOf(Connection c, int componentId) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM fleet_version WHERE component_id = ?")) {
            ps.setInt(1, componentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(rs.getInt(1));
                }
            }
        }
        return versions.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * Deletes replaced snapshots that ended before {@code before} and the reports received before it (the trend's
     * points); current snapshots and counters are left alone.
     */
    static FleetStore.Pruned prune(Connection c, Instant before) throws SQLException {
        int snapshots;
        int reports;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_history WHERE valid_to < ?")) {
            ps.setObject(1, utc(before));
            snapshots = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_report WHERE received_at < ?")) {
            ps.setObject(1, utc(before));
            reports = ps.executeUpdate();
        }
        return new FleetStore.Pruned(snapshots, reports);
    }

    /** Current installations of any of the given versions: host id and version id pairs. */
    /** Current installations of these versions, read from every current snapshot. */
    static List<FleetStore.Installation> running(Connection c, int[] sortedVersionIds, String environment) throws SQLException {
        List<FleetStore.Installation> out = new ArrayList<>();
        if (sortedVersionIds.length == 0) {
            return out;
        }
        scan(c, environment, (host, ids) -> {
            for (int v : sortedVersionIds) {
                if (Arrays.binarySearch(ids, v) >= 0) {
                    out.add(new FleetStore.Installation(host, v));
                }
            }
        });
        return out;
    }

    /** Distinct machines per component that run one of its given versions. */
    static Map<Integer, Long> machinesRunning(Connection c, Map<Integer, Set<Integer>> versionsByComponent, String environment)
            throws SQLException {
        Map<Integer, Integer> componentOf = new HashMap<>();
        versionsByComponent.forEach((component, versions) -> versions.forEach(v -> componentOf.put(v, component)));
        int[] wanted = componentOf.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        Map<Integer, Long> out = new HashMap<>();
        if (wanted.length == 0) {
            return out;
        }
        scan(c, environment, (host, ids) -> {
            // walk the two sorted arrays together; a host counts once per component even with two of its versions
            Set<Integer> seen = new HashSet<>();
            int i = 0;
            int j = 0;
            while (i < ids.length && j < wanted.length) {
                if (ids[i] < wanted[j]) {
                    i++;
                } else if (ids[i] > wanted[j]) {
                    j++;
                } else {
                    Integer component = componentOf.get(wanted[j]);
                    if (seen.add(component)) {
                        out.merge(component, 1L, Long::sum);
                    }
                    i++;
                    j++;
                }
            }
        });
        return out;
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
