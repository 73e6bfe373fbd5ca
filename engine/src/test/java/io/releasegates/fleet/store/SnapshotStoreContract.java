package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.MutableClock;
import io.releasegates.fleet.PackageRef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Snapshots as stored, run once per backend: each replaced snapshot is kept with the stretch it was valid, and a
 * store written by the interval schema (migrations 1 to 3) is converted without losing any moment of its history.
 */
abstract class SnapshotStoreContract {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T1 = T0.plus(Duration.ofDays(1));
    static final Instant T2 = T0.plus(Duration.ofDays(2));

    abstract String newStoreUrl() throws Exception;

    private record Stored(Instant from, Instant to, List<String> packages) {
    }

    private static HostReport report(Instant at, String... purls) {
        List<PackageRef> packages = new ArrayList<>();
        for (String p : purls) {
            packages.add(PackageRef.fromPurl(p));
        }
        return new HostReport("web-1", "production", "web", at, packages);
    }

    @Test
    void shouldKeepEachReplacedSnapshotWithTheTimeItWasValid() throws Exception {
        String url = newStoreUrl();
        MutableClock clock = new MutableClock(T0);
        try (FleetStore store = FleetStores.open(url, clock)) {
            store.ingest(report(T0, "pkg:maven/com.acme/a@1", "pkg:maven/com.acme/b@1"));
            clock.advance(Duration.ofDays(1));
            store.ingest(report(T1, "pkg:maven/com.acme/a@2", "pkg:maven/com.acme/b@1"));
            clock.advance(Duration.ofDays(1));
            // the same packages under another role: counters move, the snapshot and its history stay
            store.ingest(new HostReport("web-1", "production", "db", T2, report(T2, "pkg:maven/com.acme/a@2",
                    "pkg:maven/com.acme/b@1").packages()));
            clock.advance(Duration.ofDays(1));
            store.ingest(report(T2.plus(Duration.ofDays(1)), "pkg:maven/com.acme/c@1"));
        }
        assertThat(history(url)).containsExactly(
                new Stored(T0, T1, List.of("pkg:maven/com.acme/a@1", "pkg:maven/com.acme/b@1")),
                new Stored(T1, T2.plus(Duration.ofDays(1)), List.of("pkg:maven/com.acme/a@2", "pkg:maven/com.acme/b@1")),
                new Stored(T2.plus(Duration.ofDays(1)), null, List.of("pkg:maven/com.acme/c@1")));
    }

    @Test
    void shouldConvertInstallationIntervalsIntoSnapshotsWithoutLosingHistory() throws Exception {
        String url = newStoreUrl();
        String jdbc = FleetStores.jdbcUrl(url);
        Flyway.configure(getClass().getClassLoader()).dataSource(jdbc, null, null)
                .locations("classpath:io/releasegates/fleet/db").table("fleet_schema_history").target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            s.execute("INSERT INTO fleet_host (id, name, environment, role, last_report_at, last_digest, package_count) VALUES"
                    + " (1, 'web-1', 'production', 'web', TIMESTAMP WITH TIME ZONE '2026-11-02 08:00:00+00', 'd1', 2),"
                    + " (2, 'web-2', 'production', 'web', TIMESTAMP WITH TIME ZONE '2026-11-02 08:00:00+00', 'd2', 0),"
                    + " (3, 'web-3', 'staging', 'web', NULL, NULL, 0)");
            s.execute("INSERT INTO fleet_component (id, purl_key, type, name) VALUES (1, 'pkg:maven/com.acme/a', 'maven', 'a'),"
                    + " (2, 'pkg:maven/com.acme/b', 'maven', 'b')");
            s.execute("INSERT INTO fleet_version (id, component_id, version, first_seen, source) VALUES"
                    + " (1, 1, '1', TIMESTAMP WITH TIME ZONE '2026-11-01 08:00:00+00', 'fleet'),"
                    + " (2, 1, '2', TIMESTAMP WITH TIME ZONE '2026-11-02 08:00:00+00', 'fleet'),"
                    + " (3, 2, '1', TIMESTAMP WITH TIME ZONE '2026-11-01 08:00:00+00', 'fleet')");
            // web-1: a@1 replaced by a@2 at T1, b@1 throughout; web-2: b@1 removed at T1, nothing since
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fleet_install (host_id, version_id, valid_from, valid_to) VALUES (?, ?, ?, ?)")) {
                Object[][] rows = {{1, 1, T0, T1}, {1, 3, T0, null}, {1, 2, T1, null}, {2, 3, T0, T1}};
                for (Object[] r : rows) {
                    ps.setInt(1, (Integer) r[0]);
                    ps.setInt(2, (Integer) r[1]);
                    ps.setObject(3, OffsetDateTime.ofInstant((Instant) r[2], ZoneOffset.UTC));
                    ps.setObject(4, r[3] == null ? null : OffsetDateTime.ofInstant((Instant) r[3], ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        MutableClock clock = new MutableClock(T2);
        try (FleetStore store = FleetStores.open(url, clock)) {
            assertThat(names(store, store.hostVersions(1))).containsExactly("pkg:maven/com.acme/a@2", "pkg:maven/com.acme/b@1");
            assertThat(store.hostVersions(2)).isEmpty();
            assertThat(store.hostVersions(3)).isEmpty();
            // the next report is diffed against the converted snapshot
            FleetStore.IngestResult next = store.ingest(new HostReport("web-1", "production", "web", T2,
                    List.of(PackageRef.fromPurl("pkg:maven/com.acme/a@2"))));
            assertThat(next.added()).isZero();
            assertThat(next.removed()).isEqualTo(1);
        }
        Map<Integer, List<Stored>> byHost = histories(url);
        assertThat(byHost.get(1)).containsExactly(
                new Stored(T0, T1, List.of("pkg:maven/com.acme/a@1", "pkg:maven/com.acme/b@1")),
                new Stored(T1, T2, List.of("pkg:maven/com.acme/a@2", "pkg:maven/com.acme/b@1")),
                new Stored(T2, null, List.of("pkg:maven/com.acme/a@2")));
        assertThat(byHost.get(2)).containsExactly(
                new Stored(T0, T1, List.of("pkg:maven/com.acme/b@1")),
                new Stored(T1, null, List.of()));
        assertThat(byHost.get(3)).containsExactly(new Stored(Instant.EPOCH, null, List.of()));
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = 'fleet_install'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the interval table is gone once converted").isZero();
        }
    }

    @Test
    void shouldListWhatChangedOnAHostNewestFirst() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (FleetStore store = FleetStores.open(newStoreUrl(), clock)) {
            store.ingest(report(T0, "pkg:deb/debian/openssl@3.0.11-1~deb12u1", "pkg:deb/debian/curl@7.88.1-10+deb12u4",
                    "pkg:maven/com.acme/agent@1.2", "pkg:deb/debian/linux-image@6.1.0-17"));
            clock.advance(Duration.ofDays(1));
            // openssl up (Debian order: ~ sorts before the release), agent down, curl gone, zlib new, a second kernel
            store.ingest(report(T1, "pkg:deb/debian/openssl@3.0.11-1", "pkg:maven/com.acme/agent@1.1",
                    "pkg:deb/debian/zlib1g@1.2.13", "pkg:deb/debian/linux-image@6.1.0-17", "pkg:deb/debian/linux-image@6.1.0-18"));
            clock.advance(Duration.ofDays(1));
            store.ingest(report(T2, "pkg:deb/debian/openssl@3.0.11-1", "pkg:maven/com.acme/agent@1.1",
                    "pkg:deb/debian/zlib1g@1.2.13", "pkg:deb/debian/linux-image@6.1.0-18"));

            io.releasegates.fleet.view.HostChanges changes = new io.releasegates.fleet.view.HostChangesView(store, clock)
                    .host("web-1").orElseThrow();
            assertThat(changes.changes()).extracting(io.releasegates.fleet.view.HostChanges.Change::at).containsExactly(T2, T1, T0);
            var latest = changes.changes().get(0);
            assertThat(latest.until()).isNull();
            assertThat(latest.removed()).extracting(v -> v.name() + "@" + v.version()).containsExactly("linux-image@6.1.0-17");
            assertThat(latest.upgraded()).isEmpty();
            var middle = changes.changes().get(1);
            assertThat(middle.until()).isEqualTo(T2);
            assertThat(middle.packages()).isEqualTo(5);
            assertThat(middle.upgraded()).extracting(m -> m.name() + " " + m.from() + " -> " + m.to())
                    .containsExactly("openssl 3.0.11-1~deb12u1 -> 3.0.11-1");
            assertThat(middle.downgraded()).extracting(m -> m.name() + " " + m.from() + " -> " + m.to())
                    .containsExactly("com.acme:agent 1.2 -> 1.1");
            assertThat(middle.added()).extracting(v -> v.name() + "@" + v.version())
                    .containsExactly("linux-image@6.1.0-18", "zlib1g@1.2.13");
            assertThat(middle.removed()).extracting(v -> v.name() + "@" + v.version()).containsExactly("curl@7.88.1-10+deb12u4");
            var first = changes.changes().get(2);
            assertThat(first.earliest()).isTrue();
            assertThat(first.packages()).isEqualTo(4);
            assertThat(new io.releasegates.fleet.view.HostChangesView(store, clock).host("nobody")).isEmpty();
        }
    }

    @Test
    void shouldPruneOnlyReplacedSnapshotsAndReportsOlderThanTheCutoff() throws Exception {
        String url = newStoreUrl();
        MutableClock clock = new MutableClock(T0);
        try (FleetStore store = FleetStores.open(url, clock)) {
            store.ingest(report(T0, "pkg:maven/com.acme/a@1"));
            clock.advance(Duration.ofDays(1));
            store.ingest(report(T1, "pkg:maven/com.acme/a@2"));
            clock.advance(Duration.ofDays(1));
            store.ingest(report(T2, "pkg:maven/com.acme/a@3"));
            int host = store.host("web-1").orElseThrow().id();
            List<Integer> now = store.hostVersions(host);
            long machines = store.versionCounts(null).stream().mapToLong(FleetStore.VersionCount::hosts).sum();

            FleetStore.Pruned pruned = store.prune(T1.plus(Duration.ofHours(1)));

            assertThat(pruned.snapshots()).isEqualTo(1);
            assertThat(pruned.reports()).isEqualTo(2);
            assertThat(store.hostVersions(host)).isEqualTo(now);
            assertThat(store.versionCounts(null).stream().mapToLong(FleetStore.VersionCount::hosts).sum()).isEqualTo(machines);
            assertThat(store.reports(null)).hasSize(1);
            // the snapshot valid from T1 to T2 is kept: it ended after the cutoff
            assertThat(history(url)).extracting(Stored::from).containsExactly(T1, T2);
            assertThat(store.prune(T1.plus(Duration.ofHours(1)))).isEqualTo(new FleetStore.Pruned(0, 0));
        }
    }

    private static List<String> names(FleetStore store, List<Integer> versionIds) {
        Catalog catalog = store.catalog();
        return versionIds.stream().map(catalog::version)
                .map(v -> catalog.component(v.componentId()).key() + "@" + v.version()).sorted().toList();
    }

    /** web-1's snapshots, oldest first; the current one last, with no end. */
    private static List<Stored> history(String url) throws SQLException {
        return histories(url).get(1);
    }

    private static Map<Integer, List<Stored>> histories(String url) throws SQLException {
        List<Map.Entry<Integer, Stored>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url)); Statement s = c.createStatement()) {
            Map<Integer, String> names = new java.util.HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT v.id, c.purl_key, v.version FROM fleet_version v"
                    + " JOIN fleet_component c ON c.id = v.component_id")) {
                while (rs.next()) {
                    names.put(rs.getInt(1), rs.getString(2) + "@" + rs.getString(3));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT host_id, valid_from, valid_to, versions FROM fleet_history"
                    + " UNION ALL SELECT host_id, since, NULL, versions FROM fleet_current")) {
                while (rs.next()) {
                    int host = rs.getInt(1);
                    List<String> packages = java.util.Arrays.stream(VersionSet.decode(rs.getBytes(4), host))
                            .mapToObj(names::get).sorted().toList();
                    rows.add(Map.entry(host, new Stored(Timestamps.instant(rs, 2), Timestamps.instant(rs, 3), packages)));
                }
            }
        }
        return rows.stream().collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue,
                Collectors.collectingAndThen(Collectors.toList(), l -> l.stream()
                        .sorted(java.util.Comparator.comparing(Stored::from)).toList()))));
    }
}
