package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which hosts run each version now (migration 19.2): the current snapshots turned inside out, one row per version with
 * its host ids in {@link VersionSet}'s encoding. Snapshots are kept per host, so "who runs version V" (a component's
 * page, an advisory's page, distinct vulnerable machines) would otherwise decode every host's snapshot: 0.5-2 s at
 * 10,000 hosts x 1,000 packages on a busy machine, against 300 ms asked of a page.
 *
 * <p>The console's refresh rebuilds it ({@link #rebuild}). It is only used while it is exact: it records what the
 * snapshots were built from (the number of hosts and the last report; every change of a host's package set writes a
 * report), and a reader whose store has moved on since falls back to decoding the snapshots. So an answer never
 * depends on whether the index was used, only its speed does.
 */
final class VersionHosts {
    private VersionHosts() {
    }

    /** What the current snapshots depend on: hosts added or removed, and every ingest that changed a package set. */
    static String fingerprint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM fleet_host), (SELECT MAX(id) FROM fleet_report)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) + "|" + rs.getObject(2);
        }
    }

    static Optional<String> stored(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT snapshots FROM fleet_version_hosts_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Host ids per version, read from the snapshots (fingerprint taken first, so the index is never newer than it says). */
    record Built(String fingerprint, Map<Integer, int[]> hostsByVersion) {
        Built {
            hostsByVersion = java.util.Collections.unmodifiableMap(hostsByVersion);
        }
    }

    /** Null when the stored index already matches the snapshots: nothing to rebuild. */
    static Built build(Connection c) throws SQLException {
        String fingerprint = fingerprint(c);
        if (stored(c).filter(fingerprint::equals).isPresent()) {
            return null;
        }
        Map<Integer, int[]> lists = new HashMap<>();
        Map<Integer, Integer> sizes = new HashMap<>();
        // hosts arrive in any order: ids are collected per version and sorted once at the end
        Snapshots.scan(c, null, (host, versionIds) -> {
            for (int v : versionIds) {
                int n = sizes.merge(v, 1, Integer::sum);
                int[] list = lists.get(v);
                if (list == null || list.length < n) {
                    list = list == null ? new int[16] : Arrays.copyOf(list, list.length * 2);
                    lists.put(v, list);
                }
                list[n - 1] = host;
            }
        });
        Map<Integer, int[]> out = new HashMap<>();
        lists.forEach((v, list) -> {
            int[] hosts = Arrays.copyOf(list, sizes.get(v));
            Arrays.sort(hosts);
            out.put(v, hosts);
        });
        return new Built(fingerprint, out);
    }

    /** Replaces the index in the caller's transaction. */
    static void write(Connection c, Built built) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_version_hosts")) {
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_version_hosts_state")) {
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_version_hosts (version_id, hosts, host_ids)"
                + " VALUES (?, ?, ?)")) {
            int n = 0;
            for (Map.Entry<Integer, int[]> e : built.hostsByVersion().entrySet()) {
                ps.setInt(1, e.getKey());
                ps.setInt(2, e.getValue().length);
                ps.setBytes(3, VersionSet.encode(e.getValue()));
                ps.addBatch();
                if (++n % 500 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_version_hosts_state (id, snapshots) VALUES (1, ?)")) {
            ps.setString(1, built.fingerprint());
            ps.executeUpdate();
        }
    }

    /**
     * The hosts running each of these versions (a version no host runs is left out), or empty when the index is
     * missing or older than the snapshots: then the caller reads the snapshots.
     */
    static Optional<Map<Integer, int[]>> lookup(Connection c, int[] versionIds) throws SQLException {
        Optional<String> stored = stored(c);
        if (stored.isEmpty() || !stored.get().equals(fingerprint(c))) {
            return Optional.empty();
        }
        Map<Integer, int[]> out = new HashMap<>();
        for (int from = 0; from < versionIds.length; from += 500) {
            int to = Math.min(versionIds.length, from + 500);
            StringBuilder sql = new StringBuilder("SELECT version_id, host_ids FROM fleet_version_hosts WHERE version_id IN (");
            for (int i = from; i < to; i++) {
                sql.append(i == from ? "?" : ", ?");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
                for (int i = from; i < to; i++) {
                    ps.setInt(i - from + 1, versionIds[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int version = rs.getInt(1);
                        out.put(version, VersionSet.decode(rs.getBytes(2), version));
                    }
                }
            }
        }
        return Optional.of(out);
    }

    /** Host ids of an environment (null: every host is wanted). */
    static java.util.Set<Integer> hostsOf(Connection c, String environment) throws SQLException {
        if (environment == null) {
            return null;
        }
        java.util.Set<Integer> out = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM fleet_host WHERE environment = ?")) {
            ps.setString(1, environment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    /** Installations of these versions from the index, in the snapshots' answer shape; empty when it cannot answer. */
    static Optional<List<FleetStore.Installation>> installations(Connection c, int[] versionIds, String environment)
            throws SQLException {
        Optional<Map<Integer, int[]>> index = lookup(c, versionIds);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        java.util.Set<Integer> wanted = hostsOf(c, environment);
        List<FleetStore.Installation> out = new ArrayList<>();
        for (int v : versionIds) {
            for (int host : index.get().getOrDefault(v, new int[0])) {
                if (wanted == null || wanted.contains(host)) {
                    out.add(new FleetStore.Installation(host, v));
                }
            }
        }
        return Optional.of(out);
    }

    /** Distinct hosts per component running any of its given versions, as {@code Snapshots.machinesRunning} counts. */
    static Optional<Map<Integer, Long>> machinesRunning(Connection c, Map<Integer, java.util.Set<Integer>> versionsByComponent,
                                                        String environment) throws SQLException {
        int[] all = versionsByComponent.values().stream().flatMap(java.util.Set::stream).mapToInt(Integer::intValue)
                .distinct().sorted().toArray();
        Optional<Map<Integer, int[]>> index = lookup(c, all);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        java.util.Set<Integer> wanted = hostsOf(c, environment);
        Map<Integer, Long> out = new HashMap<>();
        versionsByComponent.forEach((component, versions) -> {
            java.util.Set<Integer> hosts = new java.util.HashSet<>();
            for (int v : versions) {
                for (int host : index.get().getOrDefault(v, new int[0])) {
                    if (wanted == null || wanted.contains(host)) {
                        hosts.add(host);
                    }
                }
            }
            if (!hosts.isEmpty()) {
                out.put(component, (long) hosts.size());
            }
        });
        return Optional.of(out);
    }
}
