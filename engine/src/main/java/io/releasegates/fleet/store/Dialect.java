package io.releasegates.fleet.store;

import io.releasegates.fleet.store.BatchWrites.CounterKey;
import io.releasegates.fleet.store.BatchWrites.Interval;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.postgresql.PGConnection;

/**
 * Where H2 and PostgreSQL need different SQL for the bulk writes of a batch of reports. PostgreSQL: COPY for new
 * installations and one {@code unnest} upsert per counter table. H2: batched single-row statements, because H2
 * evaluates {@code col = ANY(?)} by scanning the array for every candidate row (quadratic on 1,000-package reports)
 * and has no upsert that reports which rows it updated.
 */
enum Dialect {
    H2, POSTGRES;

    /** PostgreSQL's binary timestamps count microseconds from here. */
    private static final Instant PG_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    static Array ints(Connection c, int[] values) throws SQLException {
        Integer[] boxed = Arrays.stream(values).boxed().toArray(Integer[]::new);
        return c.createArrayOf("INTEGER", boxed);
    }

    /** Adds installation rows (valid from each interval's moment) for any number of hosts. */
    void insertInstalls(Connection c, List<Interval> inserts) throws SQLException {
        if (inserts.isEmpty()) {
            return;
        }
        if (this == POSTGRES) {
            // binary COPY: no number or timestamp is formatted here or parsed by the server
            int rows = inserts.stream().mapToInt(i -> i.versionIds().length).sum();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(25 + rows * 32);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeBytes("PGCOPY\n");
                out.write(new byte[] {(byte) 0xff, '\r', '\n', 0});
                out.writeInt(0);
                out.writeInt(0);
                for (Interval in : inserts) {
                    long micros = ChronoUnit.MICROS.between(PG_EPOCH, in.at());
                    for (int v : in.versionIds()) {
                        out.writeShort(3);
                        out.writeInt(4);
                        out.writeInt(in.hostId());
                        out.writeInt(4);
                        out.writeInt(v);
                        out.writeInt(8);
                        out.writeLong(micros);
                    }
                }
                out.writeShort(-1);
            } catch (IOException e) {
                throw new SQLException("cannot encode rows for COPY: " + e.getMessage(), e);
            }
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY fleet_install (host_id, version_id, valid_from) FROM STDIN (FORMAT binary)",
                        new ByteArrayInputStream(bytes.toByteArray()));
            } catch (IOException e) {
                throw new SQLException("COPY into fleet_install failed: " + e.getMessage(), e);
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_install (host_id, version_id, valid_from) VALUES (?, ?, ?)")) {
            for (Interval in : inserts) {
                OffsetDateTime from = OffsetDateTime.ofInstant(in.at(), ZoneOffset.UTC);
                for (int v : in.versionIds()) {
                    ps.setInt(1, in.hostId());
                    ps.setInt(2, v);
                    ps.setObject(3, from);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Closes the given current installations of each host. */
    void closeInstalls(Connection c, List<Interval> closes) throws SQLException {
        if (closes.isEmpty()) {
            return;
        }
        if (this == POSTGRES) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_install SET valid_to = ?"
                    + " WHERE host_id = ? AND version_id = ANY(?) AND valid_to IS NULL")) {
                for (Interval in : closes) {
                    ps.setObject(1, OffsetDateTime.ofInstant(in.at(), ZoneOffset.UTC));
                    ps.setInt(2, in.hostId());
                    ps.setArray(3, ints(c, in.versionIds()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_install SET valid_to = ?"
                + " WHERE host_id = ? AND version_id = ? AND valid_to IS NULL")) {
            for (Interval in : closes) {
                OffsetDateTime to = OffsetDateTime.ofInstant(in.at(), ZoneOffset.UTC);
                for (int v : in.versionIds()) {
                    ps.setObject(1, to);
                    ps.setInt(2, in.hostId());
                    ps.setInt(3, v);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * Adds each delta to its counter row in one shard, the keys in sorted order so that concurrent writers (another
     * process on the same store) lock rows in the same order. The rows an UPDATE did not touch must be known exactly,
     * not re-read: under READ COMMITTED a second query could see a row another transaction committed in between, and
     * this increment would be lost. PostgreSQL does it in one upsert; on H2 each UPDATE's count says whether the row
     * existed, and a concurrent insert of the same new row is a unique violation the caller retries.
     */
    void addToCounters(Connection c, Counters table, int shard, SortedMap<CounterKey, Integer> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        String keyColumns = "environment" + (table.hasRole ? ", role" : "") + ", shard, " + table.idColumn;
        if (this == POSTGRES) {
            int n = deltas.size();
            String[] envs = new String[n];
            String[] roles = new String[n];
            Integer[] ids = new Integer[n];
            Integer[] values = new Integer[n];
            int i = 0;
            for (Map.Entry<CounterKey, Integer> e : deltas.entrySet()) {
                envs[i] = e.getKey().environment();
                roles[i] = e.getKey().role();
                ids[i] = e.getKey().id();
                values[i++] = e.getValue();
            }
            String select = table.hasRole ? "SELECT e, r, ?, x, d FROM unnest(?, ?, ?, ?) AS u(e, r, x, d) ORDER BY e, r, x"
                    : "SELECT e, ?, x, d FROM unnest(?, ?, ?) AS u(e, x, d) ORDER BY e, x";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.table + " (" + keyColumns + ", hosts) "
                    + select + " ON CONFLICT (" + keyColumns + ") DO UPDATE SET hosts = " + table.table + ".hosts + EXCLUDED.hosts")) {
                int p = 1;
                ps.setInt(p++, shard);
                ps.setArray(p++, c.createArrayOf("VARCHAR", envs));
                if (table.hasRole) {
                    ps.setArray(p++, c.createArrayOf("VARCHAR", roles));
                }
                ps.setArray(p++, c.createArrayOf("INTEGER", ids));
                ps.setArray(p, c.createArrayOf("INTEGER", values));
                ps.executeUpdate();
            }
            return;
        }
        String where = "environment = ?" + (table.hasRole ? " AND role = ?" : "") + " AND shard = ? AND " + table.idColumn + " = ?";
        List<Map.Entry<CounterKey, Integer>> entries = new ArrayList<>(deltas.entrySet());
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table.table + " SET hosts = hosts + ? WHERE " + where)) {
            for (Map.Entry<CounterKey, Integer> e : entries) {
                ps.setInt(1, e.getValue());
                bindKey(ps, 2, table, e.getKey(), shard);
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.table + " (hosts, " + keyColumns + ") VALUES (?, ?"
                + (table.hasRole ? ", ?" : "") + ", ?, ?)")) {
            boolean any = false;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    ps.setInt(1, entries.get(i).getValue());
                    bindKey(ps, 2, table, entries.get(i).getKey(), shard);
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    private static void bindKey(PreparedStatement ps, int start, Counters table, CounterKey key, int shard) throws SQLException {
        int i = start;
        ps.setString(i++, key.environment());
        if (table.hasRole) {
            ps.setString(i++, key.role());
        }
        ps.setInt(i++, shard);
        ps.setInt(i, key.id());
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
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
