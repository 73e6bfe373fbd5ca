package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's read model (migration 6.19): per host, component and advisory what needs attention, written by one
 * refresh in one transaction (readers see the old rows or the new ones, never a mix), and read by the paged lists.
 * {@link #select} runs a statement the console built from constant fragments of a list spec; every value a user gave
 * is a bound parameter, never part of the SQL text.
 */
public final class ConsoleTables {
    /** Severity rank stored in the tables: 0 none known, then {@code Severity.ordinal() + 1}. */
    public static final int NO_SEVERITY = 0;

    @FunctionalInterface
    interface Runner {
        <T> T run(ConnectionWork<T> work);
    }

    private final Runner read;
    private final Runner write;
    private final boolean codeUnitOrder;

    ConsoleTables(Runner read, Runner write, boolean codeUnitOrder) {
        this.read = read;
        this.write = write;
        this.codeUnitOrder = codeUnitOrder;
    }

    /**
     * Whether this database orders strings by their UTF-16 code units (H2 without a collation), so that the keys
     * starting with a text are exactly the range from that text to its successor ({@code ListQuery.keyRanges}), which
     * H2 reads from an index where it cannot for a {@code LIKE ?} with a bound pattern. PostgreSQL orders by its
     * collation: there a prefix is a {@code LIKE} on a {@code varchar_pattern_ops} index.
     */
    public boolean ordersByCodeUnit() {
        return codeUnitOrder;
    }

    /** @param vulnerable null when no package of the host was checked against vulnerability data */
    public record HostStatus(int hostId, int upToDate, double patchLevel, int outOfPolicy, Integer vulnerable,
                             int severityRank, String scanStatus) {
    }

    /** @param environment '' for all environments */
    public record ComponentStatus(String environment, int componentId, long machines, String newest, int lagVersions,
                                  long lagDays, String tier, String compliance, long outOfPolicy, Long overdueDays,
                                  Long vulnerableMachines, int severityRank) {
    }

    public record AdvisoryStatus(String environment, String advisory, String aliases, int severityRank, Double cvssScore,
                                 int components, int versions, long machines, String fixedIn, Instant firstSeen) {
    }

    /** @param vulnerableHosts null: not known for that day (kept as it was when a row already holds a value) */
    public record DayRow(LocalDate day, String environment, int hosts, double patchLevel, Integer vulnerableHosts) {
    }

    public record Snapshot(Instant refreshedAt, String fingerprint, List<HostStatus> hosts, List<ComponentStatus> components,
                           List<AdvisoryStatus> advisories, List<DayRow> days) {
        public Snapshot {
            hosts = List.copyOf(hosts);
            components = List.copyOf(components);
            advisories = List.copyOf(advisories);
            days = List.copyOf(days);
        }
    }

    public record State(Instant refreshedAt, String fingerprint) {
    }

    /** Replaces the status rows and merges the day rows, in one transaction. */
    public void replace(Snapshot s) {
        write.run(c -> {
            for (String table : List.of("fleet_host_status", "fleet_component_status", "fleet_advisory_status",
                    "fleet_console_state")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table)) {
                    ps.executeUpdate();
                }
            }
            insertHosts(c, s.hosts());
            insertComponents(c, s.components());
            insertAdvisories(c, s.advisories());
            mergeDays(c, s.days());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fleet_console_state (id, refreshed_at, fingerprint) VALUES (1, ?, ?)")) {
                ps.setObject(1, utc(s.refreshedAt()));
                ps.setString(2, s.fingerprint());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void insertHosts(Connection c, List<HostStatus> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_host_status (host_id, up_to_date, patch_level,"
                + " out_of_policy, vulnerable, severity_rank, scan_status) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (HostStatus h : rows) {
                ps.setInt(1, h.hostId());
                ps.setInt(2, h.upToDate());
                ps.setDouble(3, h.patchLevel());
                ps.setInt(4, h.outOfPolicy());
                setInteger(ps, 5, h.vulnerable());
                ps.setInt(6, h.severityRank());
                ps.setString(7, h.scanStatus());
                ps.addBatch();
                if (++n % 2000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void insertComponents(Connection c, List<ComponentStatus> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_component_status (environment, component_id,"
                + " machines, newest, lag_versions, lag_days, tier, compliance, out_of_policy, overdue_days,"
                + " vulnerable_machines, severity_rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (ComponentStatus r : rows) {
                ps.setString(1, r.environment());
                ps.setInt(2, r.componentId());
                ps.setLong(3, r.machines());
                ps.setString(4, r.newest());
                ps.setInt(5, r.lagVersions());
                ps.setLong(6, r.lagDays());
                ps.setString(7, r.tier());
                ps.setString(8, r.compliance());
                ps.setLong(9, r.outOfPolicy());
                setLong(ps, 10, r.overdueDays());
                setLong(ps, 11, r.vulnerableMachines());
                ps.setInt(12, r.severityRank());
                ps.addBatch();
                if (++n % 2000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void insertAdvisories(Connection c, List<AdvisoryStatus> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_advisory_status (environment, advisory, aliases,"
                + " severity_rank, cvss_score, components, versions, machines, fixed_in, first_seen)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (AdvisoryStatus r : rows) {
                ps.setString(1, r.environment());
                ps.setString(2, r.advisory());
                ps.setString(3, cap(r.aliases()));
                ps.setInt(4, r.severityRank());
                if (r.cvssScore() == null) {
                    ps.setNull(5, Types.DOUBLE);
                } else {
                    ps.setDouble(5, r.cvssScore());
                }
                ps.setInt(6, r.components());
                ps.setInt(7, r.versions());
                ps.setLong(8, r.machines());
                ps.setString(9, cap(r.fixedIn()));
                ps.setObject(10, r.firstSeen() == null ? null : utc(r.firstSeen()));
                ps.addBatch();
                if (++n % 2000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Today's row is replaced; a back-filled day keeps the vulnerable-host count it recorded on that day. */
    private static void mergeDays(Connection c, List<DayRow> rows) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE fleet_console_day SET hosts = ?, patch_level = ?,"
                + " vulnerable_hosts = COALESCE(?, vulnerable_hosts) WHERE on_day = ? AND environment = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_console_day (on_day, environment, hosts,"
                     + " patch_level, vulnerable_hosts) VALUES (?, ?, ?, ?, ?)")) {
            for (DayRow d : rows) {
                update.setInt(1, d.hosts());
                update.setDouble(2, d.patchLevel());
                setInteger(update, 3, d.vulnerableHosts());
                update.setObject(4, d.day());
                update.setString(5, d.environment());
                if (update.executeUpdate() == 0) {
                    insert.setObject(1, d.day());
                    insert.setString(2, d.environment());
                    insert.setInt(3, d.hosts());
                    insert.setDouble(4, d.patchLevel());
                    setInteger(insert, 5, d.vulnerableHosts());
                    insert.executeUpdate();
                }
            }
        }
    }

    public Optional<State> state() {
        List<Object[]> rows = select("SELECT refreshed_at, fingerprint FROM fleet_console_state WHERE id = 1", List.of(), 2);
        return rows.isEmpty() ? Optional.empty() : Optional.of(new State((Instant) rows.get(0)[0], (String) rows.get(0)[1]));
    }

    /**
     * What the status tables were computed from: hosts, reports, versions and scan facts. Unchanged, a refresh would
     * write the same rows (the cadence verdicts still move with time, so the console refreshes now and then anyway).
     */
    public String fingerprint() {
        Object[] row = select("SELECT (SELECT COUNT(*) FROM fleet_host), (SELECT MAX(id) FROM fleet_report),"
                + " (SELECT COUNT(*) FROM fleet_version), (SELECT COUNT(*) FROM fleet_vuln_scan),"
                + " (SELECT MAX(scanned_at) FROM fleet_vuln_scan), (SELECT COUNT(*) FROM fleet_vuln),"
                + " (SELECT COUNT(*) FROM fleet_version_origin)", List.of(), 7).get(0);
        StringBuilder b = new StringBuilder();
        for (Object o : row) {
            b.append(o).append('|');
        }
        return b.toString();
    }

    public List<DayRow> days(LocalDate from, String environment) {
        List<DayRow> out = new ArrayList<>();
        for (Object[] r : select("SELECT on_day, environment, hosts, patch_level, vulnerable_hosts FROM fleet_console_day"
                + " WHERE on_day >= ? AND environment = ? ORDER BY on_day", List.of(from, environment), 5)) {
            out.add(new DayRow((LocalDate) r[0], (String) r[1], ((Number) r[2]).intValue(), ((Number) r[3]).doubleValue(),
                    r[4] == null ? null : ((Number) r[4]).intValue()));
        }
        return List.copyOf(out);
    }

    /**
     * Runs a SELECT the caller assembled from constant SQL only (list specs); {@code params} are bound in order.
     * Timestamps come back as {@link Instant}, dates as {@link LocalDate}, numbers as {@link Number}.
     */
    public List<Object[]> select(String sql, List<Object> params, int columns) {
        return read.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                List<Object[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs, columns));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    private static Object[] row(ResultSet rs, int columns) throws SQLException {
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) {
            row[i] = value(rs, i + 1);
        }
        return row;
    }

    /**
     * Hands every row of a query to {@code row} as it is read, holding none of them (the CSV export of a view of
     * hundreds of thousands of events). PostgreSQL sends rows in batches of {@link #STREAM_FETCH} only inside a
     * transaction with a fetch size; otherwise its driver reads the whole result into memory first.
     */
    public void forEach(String sql, List<Object> params, int columns, java.util.function.Consumer<Object[]> row) {
        read.run(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(STREAM_FETCH);
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        row.accept(row(rs, columns));
                    }
                }
            } finally {
                // a read: nothing to keep
                c.rollback();
                c.setAutoCommit(auto);
            }
            return null;
        });
    }

    static final int STREAM_FETCH = 1_000;

    private static Object value(ResultSet rs, int i) throws SQLException {
        int type = rs.getMetaData().getColumnType(i);
        if (type == Types.TIMESTAMP_WITH_TIMEZONE || type == Types.TIMESTAMP) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
        if (type == Types.DATE) {
            return rs.getObject(i, LocalDate.class);
        }
        return rs.getObject(i);
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Instant t) {
                ps.setObject(i + 1, utc(t));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    private static String cap(String s) {
        return s.length() > 4000 ? s.substring(0, 3997) + "..." : s;
    }

    private static void setInteger(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
