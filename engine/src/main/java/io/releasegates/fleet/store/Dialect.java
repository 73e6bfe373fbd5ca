package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Where H2 and PostgreSQL need different SQL for the counter moves of a batch of reports. PostgreSQL: one
 * {@code unnest} upsert per counter table. H2: batched single-row statements, because H2 evaluates
 * {@code col = ANY(?)} by scanning the array for every candidate row and has no upsert that reports which rows it
 * updated.
 */
enum Dialect {
    H2, POSTGRES;

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

    /**
     * PostgreSQL: a commit returns only once it is flushed to the server's disk, even where the server or role was
     * configured with {@code synchronous_commit = off} (an acknowledged report must survive a crash of the server).
     * A stricter setting (remote_write, remote_apply) is kept.
     */
    void prepare(Connection c) throws SQLException {
        if (this != POSTGRES) {
            return;
        }
        try (java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            if (rs.next() && "off".equalsIgnoreCase(rs.getString(1))) {
                s.execute("SET synchronous_commit TO on");
            }
        }
    }

    /**
     * Makes what is committed survive a crash of the machine, not just of the process, before a writer acknowledges
     * it. H2 already wrote each commit to the file ({@code WRITE_DELAY=0}); {@code CHECKPOINT SYNC} forces the file
     * to the disk, once per group-commit batch. PostgreSQL's commit already waited for its WAL flush.
     */
    void sync(Connection c) throws SQLException {
        if (this != H2) {
            return;
        }
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
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
