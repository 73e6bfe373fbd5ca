package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** {@link MonitorStore} on the fleet store's connections and transactions: the same SQL on H2 and PostgreSQL. */
final class JdbcMonitorStore implements MonitorStore {
    private static final int BATCH = 5_000;
    /** The rank the console sorts and filters events by: ConsoleTables' order, 0 for a word it does not know. */
    private static final Map<String, Integer> SEVERITY_RANK = Map.of("critical", 5, "high", 4, "medium", 3, "low", 2, "info", 1);
    private static final String EVENT_COLUMNS = "SELECT id, pass_id, at, kind, subject_kind, subject_name, environment,"
            + " advisory, severity, component, fixed_in FROM fleet_event";
    private static final String PASS_COLUMNS = "SELECT id, started_at, finished_at, data_fingerprint, data_description,"
            + " data_as_of, subjects, exposures, exposed, resolved FROM fleet_monitor_pass";

    private final StoreTransactions store;

    JdbcMonitorStore(StoreTransactions store) {
        this.store = store;
    }

    @Override
    public ReleaseRow recordRelease(Release r) {
        TreeSet<String> seen = new TreeSet<>();
        List<Component> components = new ArrayList<>();
        for (Component c : r.components()) {
            // an SBOM may list one component twice (nested): one row each
            if (seen.add(c.key() + "\u0000" + c.version())) {
                components.add(c);
            }
        }
        return store.transaction("recording release " + r.name() + " " + r.version(), Map.of(), "release", c -> {
            Integer id = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM fleet_release WHERE name = ? AND version = ? AND environment = ?")) {
                ps.setString(1, r.name());
                ps.setString(2, r.version());
                ps.setString(3, r.environment());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getInt(1);
                    }
                }
            }
            if (id == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_release (name, version, environment,"
                        + " promoted_at, component_count) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                    ps.setString(1, r.name());
                    ps.setString(2, r.version());
                    ps.setString(3, r.environment());
                    ps.setObject(4, Dialect.utc(r.promotedAt()));
                    ps.setInt(5, components.size());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getInt(1);
                    }
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE fleet_release SET promoted_at = ?, component_count = ? WHERE id = ?");
                     PreparedStatement del = c.prepareStatement("DELETE FROM fleet_release_component WHERE release_id = ?")) {
                    ps.setObject(1, Dialect.utc(r.promotedAt()));
                    ps.setInt(2, components.size());
                    ps.setInt(3, id);
                    ps.executeUpdate();
                    del.setInt(1, id);
                    del.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fleet_release_component (release_id, purl_key, version) VALUES (?, ?, ?)")) {
                for (Component comp : components) {
                    ps.setInt(1, id);
                    ps.setString(2, comp.key());
                    ps.setString(3, comp.version());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return new ReleaseRow(id, r.name(), r.version(), r.environment(), r.promotedAt(), components.size());
        });
    }

    @Override
    public List<ReleaseRow> releases(String environment) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, version, environment, promoted_at, component_count"
                    + " FROM fleet_release" + (environment == null ? "" : " WHERE environment = ?")
                    + " ORDER BY promoted_at DESC, id DESC")) {
                if (environment != null) {
                    ps.setString(1, environment);
                }
                List<ReleaseRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReleaseRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Timestamps.instant(rs, 5), rs.getInt(6)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public Map<Integer, List<Component>> releaseComponents() {
        return store.read(c -> {
            Map<Integer, List<Component>> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT release_id, purl_key, version FROM fleet_release_component ORDER BY release_id, purl_key, version");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new Component(rs.getString(2), rs.getString(3)));
                }
            }
            out.replaceAll((k, v) -> List.copyOf(v));
            return Map.copyOf(out);
        });
    }

    private record Key(String kind, int id, String advisory) {
        static Key of(Exposure e) {
            return new Key(e.subject().kind(), e.subject().id(), e.advisory());
        }
    }

    @Override
    public PassResult recordPass(PassInput pass, Collection<Exposure> current) {
        Map<Key, Exposure> now = new HashMap<>(current.size() * 2);
        for (Exposure e : current) {
            now.putIfAbsent(Key.of(e), e);
        }
        return store.transaction("monitor pass", Map.of(), "monitor", c -> {
            // the lock: a second pass waits here until this one committed or rolled back, then diffs against it
            try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_monitor SET passes = passes + 1 WHERE id = 1")) {
                ps.executeUpdate();
            }
            long passId = single(c, "SELECT passes FROM fleet_monitor WHERE id = 1");
            long eventId = single(c, "SELECT COALESCE(MAX(id), 0) FROM fleet_event");
            Map<Key, Exposure> before = exposures(c, null);
            List<Exposure> gone = new ArrayList<>();
            before.forEach((k, e) -> {
                if (!now.containsKey(k)) {
                    gone.add(e);
                }
            });
            List<Exposure> added = new ArrayList<>();
            now.forEach((k, e) -> {
                if (!before.containsKey(k)) {
                    added.add(e);
                }
            });
            // a pair that stays but whose advisory was re-rated or got other fixed versions: one 'changed' event
            List<Exposure> changed = new ArrayList<>();
            now.forEach((k, e) -> {
                Exposure b = before.get(k);
                if (b != null && (!b.severity().equals(e.severity()) || !b.fixedIn().equals(truncate(e.fixedIn(), 4000)))) {
                    changed.add(e);
                }
            });
            // events in a stable order: by subject, then advisory
            java.util.Comparator<Exposure> order = java.util.Comparator.comparing((Exposure e) -> e.subject().kind())
                    .thenComparing(e -> e.subject().name()).thenComparing(Exposure::advisory);
            gone.sort(order);
            added.sort(order);
            changed.sort(order);
            try (PreparedStatement up = c.prepareStatement("UPDATE fleet_exposure SET severity = ?, fixed_in = ?, component = ?"
                    + " WHERE subject_kind = ? AND subject_id = ? AND advisory = ?")) {
                for (Exposure e : changed) {
                    up.setString(1, e.severity());
                    up.setString(2, truncate(e.fixedIn(), 4000));
                    up.setString(3, truncate(e.component(), 2300));
                    up.setString(4, e.subject().kind());
                    up.setInt(5, e.subject().id());
                    up.setString(6, e.advisory());
                    up.addBatch();
                }
                up.executeBatch();
            }
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM fleet_exposure WHERE subject_kind = ? AND subject_id = ? AND advisory = ?")) {
                int n = 0;
                for (Exposure e : gone) {
                    del.setString(1, e.subject().kind());
                    del.setInt(2, e.subject().id());
                    del.setString(3, e.advisory());
                    del.addBatch();
                    if (++n % BATCH == 0) {
                        del.executeBatch();
                    }
                }
                del.executeBatch();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO fleet_exposure (subject_kind, subject_id,"
                    + " subject_name, environment, advisory, severity, component, fixed_in, since_pass)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (Exposure e : added) {
                    bindExposure(ins, e);
                    ins.setLong(9, passId);
                    ins.addBatch();
                    if (++n % BATCH == 0) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
            try (PreparedStatement ev = c.prepareStatement("INSERT INTO fleet_event (id, pass_id, at, kind, subject_kind,"
                    + " subject_id, subject_name, environment, advisory, severity, component, fixed_in, severity_rank,"
                    + " subject_key, advisory_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                List<Exposure> all = new ArrayList<>(gone);
                all.addAll(added);
                all.addAll(changed);
                for (int i = 0; i < all.size(); i++) {
                    Exposure e = all.get(i);
                    ev.setLong(1, ++eventId);
                    ev.setLong(2, passId);
                    ev.setObject(3, Dialect.utc(pass.finishedAt()));
                    ev.setString(4, i < gone.size() ? Event.RESOLVED : i < gone.size() + added.size() ? Event.EXPOSED : Event.CHANGED);
                    ev.setString(5, e.subject().kind());
                    ev.setInt(6, e.subject().id());
                    ev.setString(7, e.subject().name());
                    ev.setString(8, e.subject().environment());
                    ev.setString(9, e.advisory());
                    ev.setString(10, e.severity());
                    ev.setString(11, e.component());
                    ev.setString(12, e.fixedIn());
                    // the console's events list filters, sorts and searches these (migration 19.5)
                    ev.setInt(13, SEVERITY_RANK.getOrDefault(e.severity(), 0));
                    ev.setString(14, truncate(e.subject().name().toLowerCase(java.util.Locale.ROOT), 800));
                    ev.setString(15, truncate(e.advisory().toLowerCase(java.util.Locale.ROOT), 255));
                    ev.addBatch();
                    if (++n % BATCH == 0) {
                        ev.executeBatch();
                    }
                }
                ev.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_monitor_pass (id, started_at, finished_at,"
                    + " data_fingerprint, data_description, data_as_of, subjects, exposures, exposed, resolved)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, passId);
                ps.setObject(2, Dialect.utc(pass.startedAt()));
                ps.setObject(3, Dialect.utc(pass.finishedAt()));
                ps.setString(4, pass.fingerprint());
                ps.setString(5, truncate(pass.dataDescription(), 4000));
                ps.setObject(6, pass.dataAsOf() == null ? null : Dialect.utc(pass.dataAsOf()));
                ps.setInt(7, pass.subjects());
                ps.setInt(8, now.size());
                ps.setInt(9, added.size());
                ps.setInt(10, gone.size());
                ps.executeUpdate();
            }
            return new PassResult(passId, now.size(), added.size(), gone.size(), eventId);
        });
    }

    private static void bindExposure(PreparedStatement ps, Exposure e) throws SQLException {
        ps.setString(1, e.subject().kind());
        ps.setInt(2, e.subject().id());
        ps.setString(3, truncate(e.subject().name(), 800));
        ps.setString(4, truncate(e.subject().environment(), 100));
        ps.setString(5, truncate(e.advisory(), 255));
        ps.setString(6, e.severity());
        ps.setString(7, truncate(e.component(), 2300));
        ps.setString(8, truncate(e.fixedIn(), 4000));
    }

    private static String truncate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<Key, Exposure> exposures(Connection c, String kind) throws SQLException {
        Map<Key, Exposure> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT subject_kind, subject_id, subject_name, environment, advisory,"
                + " severity, component, fixed_in FROM fleet_exposure" + (kind == null ? "" : " WHERE subject_kind = ?")
                + " ORDER BY subject_kind, subject_id, advisory")) {
            if (kind != null) {
                ps.setString(1, kind);
            }
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Exposure e = new Exposure(new Subject(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
                    out.put(Key.of(e), e);
                }
            }
        }
        return out;
    }

    @Override
    public Map<Integer, List<Exposure>> exposures(String subjectKind) {
        return store.read(c -> {
            Map<Integer, List<Exposure>> out = new HashMap<>();
            exposures(c, subjectKind).values().forEach(e -> out.computeIfAbsent(e.subject().id(), k -> new ArrayList<>()).add(e));
            out.replaceAll((k, v) -> List.copyOf(v));
            return Map.copyOf(out);
        });
    }

    @Override
    public List<Event> events(Instant since, long afterId, int limit) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(EVENT_COLUMNS + " WHERE id > ?"
                    + (since == null ? "" : " AND at >= ?") + " ORDER BY id LIMIT ?")) {
                int p = 1;
                ps.setLong(p++, afterId);
                if (since != null) {
                    ps.setObject(p++, Dialect.utc(since));
                }
                ps.setInt(p, limit);
                List<Event> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Event(rs.getLong(1), rs.getLong(2), Timestamps.instant(rs, 3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public Newly newlyExposed(long fromPass, int limit) {
        // the exposure row remembers the pass that opened it: the event of that pass is the one still standing
        String from = " FROM fleet_event e JOIN fleet_exposure x ON x.subject_kind = e.subject_kind"
                + " AND x.subject_id = e.subject_id AND x.advisory = e.advisory AND x.since_pass = e.pass_id"
                + " WHERE e.pass_id >= ? AND e.kind = 'exposed'";
        return store.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + from)) {
                ps.setLong(1, fromPass);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Event> worst = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.id, e.pass_id, e.at, e.kind, e.subject_kind,"
                    + " e.subject_name, e.environment, e.advisory, e.severity, e.component, e.fixed_in" + from
                    + " ORDER BY CASE e.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2"
                    + " WHEN 'low' THEN 3 ELSE 4 END, e.advisory, e.subject_kind, e.subject_name, e.id LIMIT ?")) {
                ps.setLong(1, fromPass);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        worst.add(new Event(rs.getLong(1), rs.getLong(2), Timestamps.instant(rs, 3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11)));
                    }
                }
            }
            return new Newly(total, worst);
        });
    }

    @Override
    public Optional<PassRow> lastPass() {
        return passes(PASS_COLUMNS + " WHERE id = (SELECT MAX(id) FROM fleet_monitor_pass)", null);
    }

    @Override
    public Optional<PassRow> lastDataUpdate() {
        Optional<PassRow> last = lastPass();
        if (last.isEmpty()) {
            return last;
        }
        return passes(PASS_COLUMNS + " WHERE id = (SELECT MIN(id) FROM fleet_monitor_pass WHERE id > COALESCE("
                + "(SELECT MAX(id) FROM fleet_monitor_pass WHERE data_fingerprint <> ?), 0))", last.get().fingerprint());
    }

    private Optional<PassRow> passes(String sql, String param) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (param != null) {
                    ps.setString(1, param);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<PassRow>empty();
                    }
                    return Optional.of(new PassRow(rs.getLong(1), Timestamps.instant(rs, 2), Timestamps.instant(rs, 3),
                            rs.getString(4), rs.getString(5), Timestamps.instant(rs, 6), rs.getInt(7), rs.getInt(8),
                            rs.getInt(9), rs.getInt(10)));
                }
            }
        });
    }

    @Override
    public long deliveredThrough(String channel) {
        return store.read(c -> NotifyCursors.deliveredThrough(c, channel));
    }

    @Override
    public void markDelivered(String channel, long eventId, Instant at) {
        store.transaction("recording delivery to " + channel, Map.of(), "notify", c -> {
            NotifyCursors.advance(c, channel, eventId, at);
            return null;
        });
    }
}
