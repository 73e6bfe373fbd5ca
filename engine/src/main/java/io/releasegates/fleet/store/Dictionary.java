package io.releasegates.fleet.store;

import io.releasegates.fleet.PackageRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.releasegates.version.Versions;

/**
 * Process-wide cache of component and version ids, so an ingest of 1,000 known packages costs no lookups.
 * Entries are only added after their transaction committed ({@link #publish}); a rolled-back ingest leaves no trace.
 */
final class Dictionary {
    record Entry(int componentId, int versionId, String type, String version) {
    }

    private final Map<String, Integer> componentIds = new ConcurrentHashMap<>();
    /** Component key → version → entry: nested, so a lookup builds no key string. */
    private final Map<String, Map<String, Entry>> versions = new ConcurrentHashMap<>();
    /** Newest version string per component, for the up-to-date share stored with each report (the trend). */
    private final Map<Integer, String> newest = new ConcurrentHashMap<>();
    private final Map<Integer, String> componentTypes = new ConcurrentHashMap<>();
    private final Map<Integer, Verdict> verdicts = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> componentOfVersion = new ConcurrentHashMap<>();

    void load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT c.id, c.purl_key, c.type, v.id, v.version FROM fleet_component c "
                        + "LEFT JOIN fleet_version v ON v.component_id = c.id");
             ResultSet rs = ps.executeQuery()) {
            List<Entry> found = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            while (rs.next()) {
                int cid = rs.getInt(1);
                componentIds.put(rs.getString(2), cid);
                componentTypes.put(cid, rs.getString(3));
                int vid = rs.getInt(4);
                if (!rs.wasNull()) {
                    found.add(new Entry(cid, vid, rs.getString(3), rs.getString(5)));
                    keys.add(rs.getString(2));
                }
            }
            for (int i = 0; i < found.size(); i++) {
                put(keys.get(i), found.get(i));
            }
        }
    }

    Entry lookup(PackageRef ref) {
        Map<String, Entry> byVersion = versions.get(ref.key());
        return byVersion == null ? null : byVersion.get(ref.version());
    }

    private void put(String componentKey, Entry e) {
        versions.computeIfAbsent(componentKey, k -> new ConcurrentHashMap<>()).put(e.version(), e);
        componentOfVersion.put(e.versionId(), e.componentId());
        newest.merge(e.componentId(), e.version(),
                (a, b) -> Versions.order(e.type()).compare(a, b) >= 0 ? a : b);
    }

    /** The component id of a version id, or null when this process has not seen the version. */
    Integer componentOf(int versionId) {
        return componentOfVersion.get(versionId);
    }

    /** Records a committed version's component, read from the database because another process registered it. */
    void rememberComponent(int versionId, int componentId) {
        componentOfVersion.putIfAbsent(versionId, componentId);
    }

    boolean isNewestOrUnknown(Entry e) {
        String n = newest.get(e.componentId());
        if (n == null || n.equals(e.version())) {
            return true;
        }
        // comparing Debian or Maven versions costs more than the rest of a package's ingest: remembered per version
        // until the component's newest version changes
        Verdict v = verdicts.get(e.versionId());
        if (v == null || !v.against().equals(n)) {
            v = new Verdict(n, Versions.order(e.type()).compare(e.version(), n) >= 0);
            verdicts.put(e.versionId(), v);
        }
        return v.upToDate();
    }

    private record Verdict(String against, boolean upToDate) {
    }

    /**
     * Finds or creates ids for packages the cache does not know, on an auto-commit connection: each dictionary row is
     * committed on its own, before the ingest transaction starts, so that concurrent first reports of the same new
     * package never wait on each other's long transactions (H2 fails such inserts at once). When a concurrent writer
     * created the row first, the insert's unique violation is caught and the row read back.
     */
    Map<PackageRef, Entry> resolve(Connection c, Map<PackageRef, Instant> missing, String source) throws SQLException {
        Map<PackageRef, Entry> out = new HashMap<>();
        Map<String, Integer> localComponents = new HashMap<>();
        try (PreparedStatement findC = c.prepareStatement("SELECT id FROM fleet_component WHERE purl_key = ?");
             PreparedStatement addC = c.prepareStatement(
                     "INSERT INTO fleet_component (purl_key, type, name) VALUES (?, ?, ?)", new String[] {"id"});
             PreparedStatement findV = c.prepareStatement(
                     "SELECT id FROM fleet_version WHERE component_id = ? AND version = ?");
             PreparedStatement addV = c.prepareStatement(
                     "INSERT INTO fleet_version (component_id, version, first_seen, source) VALUES (?, ?, ?, ?)",
                     new String[] {"id"})) {
            for (Map.Entry<PackageRef, Instant> m : missing.entrySet()) {
                PackageRef ref = m.getKey();
                Instant seen = m.getValue();
                Integer cid = componentIds.get(ref.key());
                if (cid == null) {
                    cid = localComponents.get(ref.key());
                }
                if (cid == null) {
                    cid = findId(findC, ref.key());
                    if (cid == null) {
                        addC.setString(1, ref.key());
                        addC.setString(2, ref.type());
                        addC.setString(3, ref.name());
                        cid = insertOrFind(addC, findC);
                    }
                    localComponents.put(ref.key(), cid);
                }
                findV.setInt(1, cid);
                findV.setString(2, ref.version());
                Integer vid;
                try (ResultSet rs = findV.executeQuery()) {
                    vid = rs.next() ? rs.getInt(1) : null;
                }
                if (vid == null) {
                    addV.setInt(1, cid);
                    addV.setString(2, ref.version());
                    addV.setObject(3, OffsetDateTime.ofInstant(seen, ZoneOffset.UTC));
                    addV.setString(4, source);
                    vid = insertOrFind(addV, findV);
                }
                out.put(ref, new Entry(cid, vid, ref.type(), ref.version()));
            }
        }
        return out;
    }

    void publish(Map<PackageRef, Entry> entries) {
        for (Map.Entry<PackageRef, Entry> e : entries.entrySet()) {
            componentIds.put(e.getKey().key(), e.getValue().componentId());
            componentTypes.put(e.getValue().componentId(), e.getValue().type());
            put(e.getKey().key(), e.getValue());
        }
    }

    private static Integer findId(PreparedStatement ps, String key) throws SQLException {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }

    /** The find statement's parameters are already bound by the caller. */
    private static int insertOrFind(PreparedStatement insert, PreparedStatement find) throws SQLException {
        try {
            return insertReturningId(insert);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
            throw e;
        }
    }

    private static int insertReturningId(PreparedStatement ps) throws SQLException {
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no generated id returned");
            }
            return keys.getInt(1);
        }
    }
}
