package io.releasegates.fleet.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.postgresql.PGConnection;

/** The two places where H2 and PostgreSQL need different SQL: bulk inserts and counter upserts. */
enum Dialect {
    H2, POSTGRES;

    /** Adds installation rows; PostgreSQL streams them with COPY, H2 takes a JDBC batch. */
    void insertInstalls(Connection c, int hostId, int[] versionIds, Instant from) throws SQLException {
        if (versionIds.length == 0) {
            return;
        }
        if (this == POSTGRES) {
            StringBuilder rows = new StringBuilder(versionIds.length * 40);
            String ts = OffsetDateTime.ofInstant(from, ZoneOffset.UTC).toString();
            for (int v : versionIds) {
                rows.append(hostId).append('\t').append(v).append('\t').append(ts).append('\n');
            }
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY fleet_install (host_id, version_id, valid_from) FROM STDIN", new StringReader(rows.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY into fleet_install failed: " + e.getMessage(), e);
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO fleet_install (host_id, version_id, valid_from) VALUES (?, ?, ?)")) {
            OffsetDateTime ts = OffsetDateTime.ofInstant(from, ZoneOffset.UTC);
            for (int v : versionIds) {
                ps.setInt(1, hostId);
                ps.setInt(2, v);
                ps.setObject(3, ts);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Adds deltas to machine counters; rows are pre-sorted by key so concurrent ingests lock in the same order. */
    void addToCounters(Connection c, String table, List<Counter> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        boolean versionTable = table.equals("fleet_version_count");
        String keyCols = versionTable ? "environment, role, shard, version_id" : "environment, shard, component_id";
        if (this == POSTGRES) {
            String sql = "INSERT INTO " + table + " (" + keyCols + ", hosts) VALUES (" + (versionTable ? "?, ?, ?, ?, ?" : "?, ?, ?, ?")
                    + ") ON CONFLICT (" + keyCols + ") DO UPDATE SET hosts = " + table + ".hosts + EXCLUDED.hosts";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Counter d : deltas) {
                    int i = bindKey(ps, d, versionTable);
                    ps.setInt(i, d.delta());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return;
        }
        String where = versionTable ? "environment = ? AND role = ? AND shard = ? AND version_id = ?"
                : "environment = ? AND shard = ? AND component_id = ?";
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET hosts = hosts + ? WHERE " + where)) {
            for (Counter d : deltas) {
                ps.setInt(1, d.delta());
                bindKeyFrom(ps, 2, d, versionTable);
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + keyCols + ", hosts) VALUES ("
                + (versionTable ? "?, ?, ?, ?, ?" : "?, ?, ?, ?") + ")")) {
            boolean any = false;
            for (int k = 0; k < deltas.size(); k++) {
                if (updated[k] == 0) {
                    Counter d = deltas.get(k);
                    int i = bindKey(ps, d, versionTable);
                    ps.setInt(i, d.delta());
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    private static int bindKey(PreparedStatement ps, Counter d, boolean versionTable) throws SQLException {
        return bindKeyFrom(ps, 1, d, versionTable);
    }

    private static int bindKeyFrom(PreparedStatement ps, int start, Counter d, boolean versionTable) throws SQLException {
        int i = start;
        ps.setString(i++, d.environment());
        if (versionTable) {
            ps.setString(i++, d.role());
        }
        ps.setInt(i++, d.shard());
        ps.setInt(i++, d.id());
        return i;
    }

    /** One counter change: key (environment, role, shard, version or component id) and the delta. */
    record Counter(String environment, String role, int shard, int id, int delta) {
    }
}
