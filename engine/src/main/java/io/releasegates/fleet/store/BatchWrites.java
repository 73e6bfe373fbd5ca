package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a batch of host reports writes, gathered while the reports are diffed and written in bulk at the end of
 * the batch's transaction. Counter deltas of the whole batch are merged: a version that 50 hosts in one segment
 * install is one counter update of +50, not 50 updates of +1, and changes that cancel out write nothing.
 */
final class BatchWrites {
    /** A changed host's new state; an unchanged one only gets {@code lastReportAt} ({@code digest} null). */
    private record HostUpdate(int hostId, String environment, String role, Instant lastReportAt, String digest, int packages) {
    }

    private record ReportRow(int hostId, Instant receivedAt, String environment, String digest, int packages, int upToDate,
                             int added, int removed) {
    }

    /** Hosts whose package set changed: one row each, however many packages. */
    final List<Snapshots.Change> snapshots = new ArrayList<>();
    /** Merged in hash maps (a batch adds up to 2 per package), sorted once when written. */
    private final Map<CounterKey, Integer> versionDeltas = new HashMap<>();
    private final Map<CounterKey, Integer> componentDeltas = new HashMap<>();
    private final List<HostUpdate> hostUpdates = new ArrayList<>();
    private final List<HostUpdate> touches = new ArrayList<>();
    private final List<ReportRow> reports = new ArrayList<>();

    void count(Dialect.Counters table, String environment, String role, int id, int delta) {
        Map<CounterKey, Integer> deltas = table == Dialect.Counters.VERSIONS ? versionDeltas : componentDeltas;
        deltas.merge(new CounterKey(environment, role, id), delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    void touch(int hostId, Instant reportedAt) {
        touches.add(new HostUpdate(hostId, null, null, reportedAt, null, 0));
    }

    void replace(int hostId, String environment, String role, Instant reportedAt, String digest, int packages) {
        hostUpdates.add(new HostUpdate(hostId, environment, role, reportedAt, digest, packages));
    }

    void report(int hostId, Instant receivedAt, String environment, String digest, int packages, int upToDate, int added,
                int removed) {
        reports.add(new ReportRow(hostId, receivedAt, environment, digest, packages, upToDate, added, removed));
    }

    /** Writes it all; the caller commits or rolls back. */
    void flush(Connection c, Dialect dialect, int shard) throws SQLException {
        Snapshots.write(c, snapshots);
        dialect.addToCounters(c, Dialect.Counters.VERSIONS, shard, new TreeMap<>(versionDeltas));
        dialect.addToCounters(c, Dialect.Counters.COMPONENTS, shard, new TreeMap<>(componentDeltas));
        if (!touches.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_host SET last_report_at = ? WHERE id = ?")) {
                for (HostUpdate u : touches) {
                    ps.setObject(1, Dialect.utc(u.lastReportAt()));
                    ps.setInt(2, u.hostId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!hostUpdates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_host SET environment = ?, role = ?, last_report_at = ?,"
                    + " last_digest = ?, package_count = ? WHERE id = ?")) {
                for (HostUpdate u : hostUpdates) {
                    ps.setString(1, u.environment());
                    ps.setString(2, u.role());
                    ps.setObject(3, Dialect.utc(u.lastReportAt()));
                    ps.setString(4, u.digest());
                    ps.setInt(5, u.packages());
                    ps.setInt(6, u.hostId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!reports.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_report (host_id, received_at, environment, digest,"
                    + " packages, up_to_date, added, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ReportRow r : reports) {
                    ps.setInt(1, r.hostId());
                    ps.setObject(2, Dialect.utc(r.receivedAt()));
                    ps.setString(3, r.environment());
                    ps.setString(4, r.digest());
                    ps.setInt(5, r.packages());
                    ps.setInt(6, r.upToDate());
                    ps.setInt(7, r.added());
                    ps.setInt(8, r.removed());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
