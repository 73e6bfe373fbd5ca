package io.releasegates.fleet.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * Where H2 and PostgreSQL need different SQL: bulk inserts (PostgreSQL COPY, H2 INSERT … SELECT FROM UNNEST) and
 * inserting new counter rows (PostgreSQL ON CONFLICT). Everything else is one set-based statement per change with an
 * array parameter, instead of a statement per package.
 */
enum Dialect {
    H2, POSTGRES;

    static Array ints(Connection c, int[] values) throws SQLException {
        Integer[] boxed = Arrays.stream(values).boxed().toArray(Integer[]::new);
        return c.createArrayOf("INTEGER", boxed);
    }

    /** Adds installation rows for one host. */
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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_install (host_id, version_id, valid_from)"
                + " SELECT ?, v, ? FROM UNNEST(?) AS t(v)")) {
            ps.setInt(1, hostId);
            ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setArray(3, ints(c, versionIds));
            ps.executeUpdate();
        }
    }

    /** Closes a host's current installations of these versions. */
    static void closeInstalls(Connection c, int hostId, int[] versionIds, Instant to) throws SQLException {
        if (versionIds.length == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_install SET valid_to = ?"
                + " WHERE host_id = ? AND version_id = ANY(?) AND valid_to IS NULL")) {
            ps.setObject(1, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            ps.setInt(2, hostId);
            ps.setArray(3, ints(c, versionIds));
            ps.executeUpdate();
        }
    }

    /**
     * Adds {@code delta} to the counters of these ids in one segment. The rows a statement did not update must be
     * known exactly, not re-read: under READ COMMITTED a second query could see a row another transaction committed
     * in between, and this increment would be lost. PostgreSQL does it in one upsert; H2 gets the updated ids from
     * the UPDATE itself (FINAL TABLE) and inserts the rest, a concurrent insert of the same row being a unique
     * violation the caller retries.
     */
    void addToCounters(Connection c, Counters table, String environment, String role, int shard, int[] ids, int delta)
            throws SQLException {
        if (ids.length == 0) {
            return;
        }
        String keyColumns = "environment" + (table.hasRole ? ", role" : "") + ", shard, " + table.idColumn;
        String segmentValues = "?" + (table.hasRole ? ", ?" : "") + ", ?";
        if (this == POSTGRES) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.table + " (" + keyColumns + ", hosts)"
                    + " SELECT " + segmentValues + ", x, ? FROM unnest(?) AS u(x) ORDER BY x"
                    + " ON CONFLICT (" + keyColumns + ") DO UPDATE SET hosts = " + table.table + ".hosts + EXCLUDED.hosts")) {
                int i = bindSegment(ps, 1, table, environment, role, shard);
                ps.setInt(i++, delta);
                ps.setArray(i, ints(c, ids));
                ps.executeUpdate();
            }
            return;
        }
        String segment = "environment = ?" + (table.hasRole ? " AND role = ?" : "") + " AND shard = ?";
        Set<Integer> updated = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + table.idColumn + " FROM FINAL TABLE (UPDATE "
                + table.table + " SET hosts = hosts + ? WHERE " + segment + " AND " + table.idColumn + " = ANY(?))")) {
            int i = 1;
            ps.setInt(i++, delta);
            i = bindSegment(ps, i, table, environment, role, shard);
            ps.setArray(i, ints(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    updated.add(rs.getInt(1));
                }
            }
        }
        if (updated.size() == ids.length) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.table + " (" + keyColumns + ", hosts) VALUES ("
                + segmentValues + ", ?, ?)")) {
            for (int id : ids) {
                if (!updated.contains(id)) {
                    int i = bindSegment(ps, 1, table, environment, role, shard);
                    ps.setInt(i++, id);
                    ps.setInt(i, delta);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static int bindSegment(PreparedStatement ps, int start, Counters table, String environment, String role, int shard)
            throws SQLException {
        int i = start;
        ps.setString(i++, environment);
        if (table.hasRole) {
            ps.setString(i++, role);
        }
        ps.setInt(i++, shard);
        return i;
    }

    /** The two counter tables: machines per version (by environment and role) and per component (by environment). */
    enum Counters {
        VERSIONS("fleet_version_count", "version_id", true),
        COMPONENTS("fleet_component_count", "component_id", false);

        final String table;
        final String idColumn;
        final boolean hasRole;

        Counters(String table, String idColumn, boolean hasRole) {
            this.table = table;
            this.idColumn = idColumn;
            this.hasRole = hasRole;
        }
    }
}
