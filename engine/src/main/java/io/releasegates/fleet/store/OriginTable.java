package io.releasegates.fleet.store;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageOrigin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Debian origins of versions ({@code fleet_version_origin}): written like the version dictionary, each row
 * committed on its own outside the ingest transaction, and remembered in this process so that a host re-sending the
 * same packages writes nothing. The first report of a version on a release decides its source: dpkg builds one
 * version of a binary package on one release from one source, so a later report cannot honestly differ.
 */
final class OriginTable {
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    void load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version_id, distro FROM fleet_version_origin");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                known.add(rs.getInt(1) + "\u0000" + rs.getString(2));
            }
        }
    }

    /** The report's origins with their version ids ({@code entries} in the order of the report's packages). */
    static Map<PackageOrigin, Integer> byVersion(HostReport report, List<Dictionary.Entry> entries) {
        Map<PackageOrigin, Integer> out = new HashMap<>();
        if (report.origins().isEmpty()) {
            return out;
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ids.put(report.packages().get(i).purl(), entries.get(i).versionId());
        }
        report.origins().forEach(o -> {
            Integer vid = ids.get(o.key() + "@" + o.version());
            if (vid != null) {
                out.put(o, vid);
            }
        });
        return out;
    }

    /** Origins this process has not recorded yet, keyed by version id. */
    Map<PackageOrigin, Integer> missing(Map<PackageOrigin, Integer> origins) {
        Map<PackageOrigin, Integer> out = new LinkedHashMap<>();
        origins.forEach((o, vid) -> {
            if (!known.contains(vid + "\u0000" + o.distro())) {
                out.put(o, vid);
            }
        });
        return out;
    }

    /** On an auto-commit connection: a row another writer inserted first is a unique violation, and simply known. */
    void record(Connection c, Map<PackageOrigin, Integer> origins) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_version_origin"
                + " (version_id, distro, source_name, source_version) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<PackageOrigin, Integer> e : origins.entrySet()) {
                PackageOrigin o = e.getKey();
                ps.setInt(1, e.getValue());
                ps.setString(2, o.distro());
                ps.setString(3, o.source());
                ps.setString(4, o.sourceVersion());
                try {
                    ps.executeUpdate();
                } catch (SQLException x) {
                    if (!"23505".equals(x.getSQLState())) {
                        throw x;
                    }
                }
                known.add(e.getValue() + "\u0000" + o.distro());
            }
        }
    }

    static List<PackageOrigin> all(Connection c) throws SQLException {
        List<PackageOrigin> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.purl_key, v.version, o.distro, o.source_name, o.source_version"
                + " FROM fleet_version_origin o JOIN fleet_version v ON v.id = o.version_id"
                + " JOIN fleet_component c ON c.id = v.component_id ORDER BY c.purl_key, v.version, o.distro");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new PackageOrigin(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return List.copyOf(out);
    }
}
