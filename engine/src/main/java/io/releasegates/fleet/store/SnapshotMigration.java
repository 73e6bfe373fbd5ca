package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 4: installations move from one row per package and interval ({@code fleet_install}) to one row per host
 * and snapshot ({@code fleet_current} for what runs now, {@code fleet_history} for what ran before). A 1,000-package
 * report used to cost 1,000 indexed rows, which capped H2 at about 25,000 package rows per second; now it costs one.
 *
 * <p>The conversion is lossless: each host's intervals are cut at every moment one opened or closed, and each piece
 * becomes one snapshot, so "what did host X run at time T" has the same answer before and after. It runs in Java
 * because the snapshot encoding ({@link VersionSet}) is ours, not SQL's.
 */
final class SnapshotMigration implements JavaMigration {

    private record Interval(int versionId, Instant from, Instant to) {
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4");
    }

    @Override
    public String getDescription() {
        return "install snapshots";
    }

    @Override
    public Integer getChecksum() {
        return 4;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            // BYTEA is PostgreSQL's binary string and an alias H2 accepts; no foreign keys on the hot tables, as before:
            // the host ids come from fleet_host in the same transaction
            s.execute("CREATE TABLE fleet_current (host_id INTEGER NOT NULL PRIMARY KEY,"
                    + " since TIMESTAMP WITH TIME ZONE NOT NULL, versions BYTEA NOT NULL)");
            s.execute("CREATE TABLE fleet_history (host_id INTEGER NOT NULL, valid_from TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " valid_to TIMESTAMP WITH TIME ZONE NOT NULL, versions BYTEA NOT NULL)");
            s.execute("CREATE INDEX fleet_history_by_host ON fleet_history (host_id, valid_from)");
        }
        Set<Integer> converted = new HashSet<>();
        try (PreparedStatement read = c.prepareStatement(
                "SELECT host_id, version_id, valid_from, valid_to FROM fleet_install ORDER BY host_id");
             PreparedStatement current = c.prepareStatement(
                     "INSERT INTO fleet_current (host_id, since, versions) VALUES (?, ?, ?)");
             PreparedStatement history = c.prepareStatement(
                     "INSERT INTO fleet_history (host_id, valid_from, valid_to, versions) VALUES (?, ?, ?, ?)")) {
            read.setFetchSize(10_000);
            int host = -1;
            List<Interval> intervals = new ArrayList<>();
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    int h = rs.getInt(1);
                    if (h != host && !intervals.isEmpty()) {
                        convert(host, intervals, current, history);
                        converted.add(host);
                        intervals.clear();
                        if (converted.size() % 500 == 0) {
                            current.executeBatch();
                            history.executeBatch();
                        }
                    }
                    host = h;
                    intervals.add(new Interval(rs.getInt(2), Timestamps.instant(rs, 3), Timestamps.instant(rs, 4)));
                }
            }
            if (!intervals.isEmpty()) {
                convert(host, intervals, current, history);
                converted.add(host);
            }
            // a host that has never had a package still gets its (empty) current snapshot: every host has one
            try (PreparedStatement hosts = c.prepareStatement("SELECT id, last_report_at FROM fleet_host");
                 ResultSet rs = hosts.executeQuery()) {
                while (rs.next()) {
                    if (!converted.contains(rs.getInt(1))) {
                        Instant since = Timestamps.instant(rs, 2);
                        current.setInt(1, rs.getInt(1));
                        current.setObject(2, utc(since == null ? Instant.EPOCH : since));
                        current.setBytes(3, VersionSet.encode(new int[0]));
                        current.addBatch();
                    }
                }
            }
            current.executeBatch();
            history.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE fleet_install");
        }
    }

    /** One host: a snapshot per stretch between two consecutive moments at which any interval opened or closed. */
    private static void convert(int host, List<Interval> intervals, PreparedStatement current, PreparedStatement history)
            throws SQLException {
        TreeSet<Instant> moments = new TreeSet<>();
        for (Interval i : intervals) {
            moments.add(i.from());
            if (i.to() != null) {
                moments.add(i.to());
            }
        }
        List<Instant> cuts = new ArrayList<>(moments);
        for (int k = 0; k < cuts.size(); k++) {
            Instant at = cuts.get(k);
            int[] ids = intervals.stream()
                    .filter(i -> !i.from().isAfter(at) && (i.to() == null || i.to().isAfter(at)))
                    .mapToInt(Interval::versionId).distinct().sorted().toArray();
            byte[] versions = VersionSet.encode(ids);
            if (k == cuts.size() - 1) {
                current.setInt(1, host);
                current.setObject(2, utc(at));
                current.setBytes(3, versions);
                current.addBatch();
            } else {
                history.setInt(1, host);
                history.setObject(2, utc(at));
                history.setObject(3, utc(cuts.get(k + 1)));
                history.setBytes(4, versions);
                history.addBatch();
            }
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
