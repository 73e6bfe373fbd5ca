package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The narrow reads of the detail pages (a component's page, an advisory's page): the part of the dictionary and the
 * host rows one page needs, instead of the whole dictionary and every host per request, which cost those pages more
 * than their own work at 10,000 hosts (docs/performance.md, Fleet console). Both read the same rows as the full reads
 * do, so an answer does not depend on which was used.
 */
final class DetailReads {
    /** Keys or ids per IN list: far below every driver's parameter limit. */
    private static final int CHUNK = 500;
    /** Above this many hosts, one pass over the host table costs less than the lookups by id. */
    private static final int HOSTS_BY_ID = 2_000;

    private DetailReads() {
    }

    /** The dictionary of these components only (keys without a component are left out): their versions in order. */
    static Catalog catalog(Connection c, Collection<String> purlKeys) throws SQLException {
        List<String> keys = List.copyOf(new HashSet<>(purlKeys));
        List<Catalog.Component> components = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, purl_key, type, name FROM fleet_component WHERE purl_key IN ("
                    + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        components.add(new Catalog.Component(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        List<Catalog.Version> versions = new ArrayList<>();
        for (int from = 0; from < components.size(); from += CHUNK) {
            List<Catalog.Component> chunk = components.subList(from, Math.min(components.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, component_id, version, first_seen, source FROM fleet_version"
                    + " WHERE component_id IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setInt(i + 1, chunk.get(i).id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        versions.add(new Catalog.Version(rs.getInt(1), rs.getInt(2), rs.getString(3), Timestamps.instant(rs, 4),
                                rs.getString(5)));
                    }
                }
            }
        }
        return new Catalog(components, versions);
    }

    /** The rows of these hosts (ids of no host are left out), in no particular order. */
    static List<FleetStore.HostRow> hosts(Connection c, int[] hostIds) throws SQLException {
        return hosts(c, hostIds, HOSTS_BY_ID);
    }

    /** @param byIdLimit above this many distinct ids, one pass over the table instead (a parameter for the tests) */
    static List<FleetStore.HostRow> hosts(Connection c, int[] hostIds, int byIdLimit) throws SQLException {
        int[] ids = Arrays.stream(hostIds).distinct().toArray();
        List<FleetStore.HostRow> out = new ArrayList<>();
        if (ids.length > byIdLimit) {
            Set<Integer> wanted = new HashSet<>();
            Arrays.stream(ids).forEach(wanted::add);
            try (PreparedStatement ps = c.prepareStatement(HostRows.COLUMNS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (wanted.contains(rs.getInt(1))) {
                        out.add(HostRows.read(rs));
                    }
                }
            }
            return out;
        }
        for (int from = 0; from < ids.length; from += CHUNK) {
            int to = Math.min(ids.length, from + CHUNK);
            try (PreparedStatement ps = c.prepareStatement(HostRows.COLUMNS + " WHERE id IN (" + marks(to - from) + ")")) {
                for (int i = from; i < to; i++) {
                    ps.setInt(i - from + 1, ids[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(HostRows.read(rs));
                    }
                }
            }
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
