package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.fleet.AvailableVersion;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.FleetFixtures;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.MutableClock;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.view.FleetViews;
import io.releasegates.fleet.view.ViewModel.ComponentDetail;
import io.releasegates.fleet.view.ViewModel.ComponentStat;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.HostStat;
import io.releasegates.fleet.view.ViewModel.HostVersion;
import io.releasegates.fleet.view.ViewModel.VersionStat;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's behaviour, run once per backend (H2 file, real PostgreSQL) by the subclasses. */
abstract class FleetStoreContract {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core";

    MutableClock clock;
    FleetStore store;
    String url;

    abstract String newStoreUrl() throws Exception;

    abstract void injectFailure(Connection c) throws SQLException;

    /** Fails the ingest of any report for environment "poison", after its rows were written. */
    abstract void injectFailureForPoison(Connection c) throws SQLException;

    abstract void removeFailure(Connection c) throws SQLException;

    @BeforeEach
    void open() throws Exception {
        clock = new MutableClock(T0);
        url = newStoreUrl();
        store = FleetStores.open(url, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    FleetViews views() {
        return new FleetViews(store, CadencePolicy.defaults(), clock);
    }

    static List<PackageRef> plus(List<PackageRef> a, List<PackageRef> b) {
        List<PackageRef> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** web-1, web-2 and db-1 in production, stage-1 in staging: real dpkg data with versions varied per host. */
    void ingestFleet() {
        store.ingest(new HostReport("web-1", "production", "web", T0,
                plus(FleetFixtures.dpkgPackages("web-1.status"), FleetFixtures.appPackages("app-fixed.cdx.xml"))));
        store.ingest(new HostReport("web-2", "production", "web", T0,
                plus(FleetFixtures.dpkgPackages("web-2.status"), FleetFixtures.appPackages("app-vulnerable.cdx.json"))));
        store.ingest(new HostReport("db-1", "production", "db", T0, FleetFixtures.dpkgPackages("db-1.status")));
        store.ingest(new HostReport("stage-1", "staging", "web", T0,
                plus(FleetFixtures.dpkgPackages("web-2.status"), FleetFixtures.appPackages("app-vulnerable.cdx.json"))));
    }

    /** (purl key, version) → machines, computed from the fixture files without the code under test. */
    static Map<String, Integer> expectedDebCounts(String... statusFiles) {
        Map<String, Integer> out = new HashMap<>();
        for (String f : statusFiles) {
            FleetFixtures.dpkgInstalled(f).forEach((name, version) -> out.merge(PackageRef.keyOf("pkg:deb/debian/" + name.replace("+", "%2B")) + "@" + version, 1, Integer::sum));
        }
        return out;
    }

    static Map<String, Long> actualCounts(ComponentsView view, String type) {
        Map<String, Long> out = new HashMap<>();
        for (ComponentStat c : view.items()) {
            if (c.type().equals(type)) {
                for (VersionStat v : c.versions()) {
                    out.put(c.purl() + "@" + v.version(), v.machines());
                }
            }
        }
        return out;
    }

    @Test
    void shouldCountMachinesPerVersionOnARealisticFleet() {
        ingestFleet();
        ComponentsView all = views().components(null);

        Map<String, Integer> expected = expectedDebCounts("web-1.status", "web-2.status", "db-1.status", "web-2.status");
        Map<String, Long> actual = actualCounts(all, "deb");
        assertThat(actual).hasSize(expected.size());
        expected.forEach((k, n) -> assertThat(actual.get(k)).as(k).isEqualTo(n.longValue()));
        assertThat(all.hosts()).isEqualTo(4);
        long debInstalls = expected.values().stream().mapToLong(Integer::longValue).sum();
        // the fixed release lists 12 components, the vulnerable one 13 (its shaded jar is a component too)
        assertThat(all.installations()).isEqualTo(debInstalls + 12 + 13 + 13);

        ComponentStat log4j = all.items().stream().filter(c -> c.purl().equals(LOG4J)).findFirst().orElseThrow();
        assertThat(log4j.machines()).isEqualTo(3);
        assertThat(log4j.newest()).isEqualTo("2.17.1");
        assertThat(log4j.versions()).extracting(VersionStat::version, VersionStat::machines)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2.17.1", 1L), org.assertj.core.groups.Tuple.tuple("2.14.1", 2L));
        // the shaded jar's embedded commons-text is counted like any other component
        assertThat(all.items()).anyMatch(c -> c.purl().equals("pkg:maven/org.apache.commons/commons-text") && c.machines() == 3);

        ComponentsView staging = views().components("staging");
        assertThat(staging.hosts()).isEqualTo(1);
        assertThat(staging.components()).isEqualTo(FleetFixtures.dpkgInstalled("web-2.status").size() + 13);

        ComponentDetail detail = views().component(LOG4J, null).orElseThrow();
        assertThat(detail.hosts()).extracting(HostVersion::host, HostVersion::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple("stage-1", "2.14.1"), org.assertj.core.groups.Tuple.tuple("web-1", "2.17.1"),
                org.assertj.core.groups.Tuple.tuple("web-2", "2.14.1"));
        assertThat(detail.component().machines()).isEqualTo(log4j.machines());
        assertThat(detail.component().versions()).isEqualTo(log4j.versions());

        Map<String, HostStat> hosts = new HashMap<>();
        views().hosts(null).items().forEach(h -> hosts.put(h.name(), h));
        assertThat(hosts.get("db-1").packages()).isEqualTo(FleetFixtures.dpkgInstalled("db-1.status").size());
        assertThat(hosts.get("web-1").packages()).isEqualTo(FleetFixtures.dpkgInstalled("web-1.status").size() + 12);
        assertThat(hosts.values().stream().mapToLong(HostStat::packages).sum()).isEqualTo(all.installations());
    }

    @Test
    void shouldJudgeCadenceFromFirstSeenDates() {
        ingestFleet();
        clock.advance(Duration.ofDays(7));
        ComponentStat atSeven = views().components(null).items().stream().filter(c -> c.purl().equals(LOG4J)).findFirst().orElseThrow();
        assertThat(atSeven.compliance()).isEqualTo("within-policy");
        clock.advance(Duration.ofMinutes(1));
        ComponentStat after = views().components(null).items().stream().filter(c -> c.purl().equals(LOG4J)).findFirst().orElseThrow();
        assertThat(after.compliance()).isEqualTo("out-of-policy");
        assertThat(after.outOfPolicy()).isEqualTo(2);
        assertThat(after.lagDays()).isEqualTo(7);
        assertThat(views().host("web-2").orElseThrow().host().outOfPolicy()).isGreaterThanOrEqualTo(1);
        assertThat(views().host("web-1").orElseThrow().packages()).anyMatch(p -> p.purl().equals(LOG4J) && p.compliance().equals("current"));
    }

    @Test
    void shouldReplaceTheSnapshotAtomically() throws Exception {
        store.ingest(new HostReport("web-1", "production", "web", T0, FleetFixtures.dpkgPackages("web-1.status")));
        ComponentsView before = views().components(null);
        List<Integer> versionsBefore = store.hostVersions(store.host("web-1").orElseThrow().id());

        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url))) {
            injectFailure(c);
        }
        clock.advance(Duration.ofHours(1));
        // the failure strikes after the old rows were closed, the new ones added and the counters moved
        assertThatThrownBy(() -> store.ingest(new HostReport("web-1", "production", "web", clock.instant(),
                plus(FleetFixtures.dpkgPackages("web-2.status"), FleetFixtures.appPackages("app-fixed.cdx.xml")))))
                .isInstanceOf(FleetStoreException.class).hasMessageContaining("injected failure");

        assertThat(store.hostVersions(store.host("web-1").orElseThrow().id())).containsExactlyInAnyOrderElementsOf(versionsBefore);
        assertThat(views().components(null).items()).isEqualTo(before.items());
        assertThat(store.reports(null)).hasSize(1);

        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url))) {
            removeFailure(c);
        }
        FleetStore.IngestResult ok = store.ingest(new HostReport("web-1", "production", "web", clock.instant(),
                FleetFixtures.dpkgPackages("web-2.status")));
        int varied = (int) FleetFixtures.dpkgInstalled("web-2.status").entrySet().stream()
                .filter(e -> !e.getValue().equals(FleetFixtures.dpkgInstalled("web-1.status").get(e.getKey()))).count();
        assertThat(ok.added()).isEqualTo(varied);
        assertThat(ok.removed()).isEqualTo(varied);
    }

    @Test
    void shouldChangeNothingWhenTheSameReportArrivesAgain() {
        HostReport report = new HostReport("web-1", "production", "web", T0, FleetFixtures.dpkgPackages("web-1.status"));
        assertThat(store.ingest(report).changed()).isTrue();
        ComponentsView before = views().components(null);
        clock.advance(Duration.ofHours(2));
        FleetStore.IngestResult again = store.ingest(report);
        assertThat(again.changed()).isFalse();
        assertThat(store.reports(null)).hasSize(1);
        assertThat(views().components(null).items()).isEqualTo(before.items());
        assertThat(store.host("web-1").orElseThrow().lastReportAt()).isEqualTo(T0);
    }

    @Test
    void shouldKeepHistoryAndMoveHostsBetweenEnvironments() {
        store.ingest(new HostReport("web-1", "staging", "web", T0, FleetFixtures.dpkgPackages("web-2.status")));
        clock.advance(Duration.ofDays(1));
        store.ingest(new HostReport("web-1", "production", "web", clock.instant(), FleetFixtures.dpkgPackages("web-1.status")));
        assertThat(store.reports(null)).hasSize(2);
        assertThat(views().components("staging").hosts()).isZero();
        assertThat(views().components("staging").installations()).isZero();
        assertThat(views().components("production").installations())
                .isEqualTo(FleetFixtures.dpkgInstalled("web-1.status").size());
        assertThat(views().components(null).trend()).hasSize(2);
    }

    @Test
    void shouldNotLoseDataWhenHostsIngestConcurrently() throws Exception {
        List<PackageRef> base = FleetFixtures.dpkgPackages("web-1.status");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            done.add(pool.submit(() -> store.ingest(new HostReport("host-" + n, n % 2 == 0 ? "production" : "staging", "web", T0,
                    plus(base, List.of(PackageRef.fromPurl("pkg:maven/com.acme/agent@1." + n)))))));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        ComponentsView all = views().components(null);
        assertThat(all.hosts()).isEqualTo(12);
        assertThat(all.installations()).isEqualTo(12L * (base.size() + 1));
        ComponentStat agent = all.items().stream().filter(c -> c.purl().equals("pkg:maven/com.acme/agent")).findFirst().orElseThrow();
        assertThat(agent.machines()).isEqualTo(12);
        assertThat(agent.versions()).hasSize(12).allMatch(v -> v.machines() == 1);
        assertThat(all.items()).filteredOn(c -> c.type().equals("deb")).allMatch(c -> c.machines() == 12);
    }

    @Test
    void shouldTakeNewestVersionsFromTheFeedWithTheEarliestFirstSeen() {
        store.ingest(new HostReport("web-1", "production", "web", T0, FleetFixtures.appPackages("app-vulnerable.cdx.json")));
        Instant published = T0.minus(Duration.ofDays(30));
        assertThat(store.recordAvailable(List.of(
                new AvailableVersion(PackageRef.fromPurl(LOG4J + "@2.17.1"), T0),
                new AvailableVersion(PackageRef.fromPurl(LOG4J + "@2.17.1"), published)))).isEqualTo(1);
        ComponentStat log4j = views().components(null).items().stream().filter(c -> c.purl().equals(LOG4J)).findFirst().orElseThrow();
        assertThat(log4j.newest()).isEqualTo("2.17.1");
        assertThat(log4j.lagVersions()).isEqualTo(1);
        assertThat(log4j.lagDays()).isEqualTo(30);
        assertThat(log4j.compliance()).isEqualTo("out-of-policy");
        assertThat(log4j.machines()).isEqualTo(1);
    }

    /** The counters the component view reads equal a from-scratch count over the current snapshots. */
    void assertCountersMatchInstallations() throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        store.versionCounts(null).forEach(v -> versions.merge(v.environment() + "/" + v.role() + "|" + v.versionId(), v.hosts(), Long::sum));
        Map<String, Long> expectedVersions = new HashMap<>();
        Map<String, Long> expectedComponents = new HashMap<>();
        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url));
             java.sql.Statement s = c.createStatement()) {
            Map<Integer, Integer> componentOf = new HashMap<>();
            try (java.sql.ResultSet rs = s.executeQuery("SELECT id, component_id FROM fleet_version")) {
                while (rs.next()) {
                    componentOf.put(rs.getInt(1), rs.getInt(2));
                }
            }
            try (java.sql.ResultSet rs = s.executeQuery("SELECT h.environment, h.role, s.host_id, s.versions FROM fleet_current s"
                    + " JOIN fleet_host h ON h.id = s.host_id")) {
                while (rs.next()) {
                    java.util.Set<Integer> components = new java.util.HashSet<>();
                    for (int v : VersionSet.decode(rs.getBytes(4), rs.getInt(3))) {
                        expectedVersions.merge(rs.getString(1) + "/" + rs.getString(2) + "|" + v, 1L, Long::sum);
                        components.add(componentOf.get(v));
                    }
                    for (int comp : components) {
                        expectedComponents.merge(rs.getString(1) + "|" + comp, 1L, Long::sum);
                    }
                }
            }
        }
        assertThat(versions).isEqualTo(expectedVersions);
        Map<String, Long> components = new HashMap<>();
        for (String env : store.environments()) {
            store.componentMachines(env).forEach((id, n) -> components.put(env + "|" + id, n));
        }
        assertThat(components).isEqualTo(expectedComponents);
    }

    private static HostReport agentReport(int host, String environment, int round) {
        List<PackageRef> packages = new ArrayList<>(FleetFixtures.dpkgPackages(host % 2 == 0 ? "web-1.status" : "web-2.status"));
        packages.add(PackageRef.fromPurl("pkg:maven/com.acme/agent@1." + (round + host % 3)));
        if (round % 2 == 1) {
            // a host briefly running two versions of one component counts once for the component
            packages.add(PackageRef.fromPurl("pkg:maven/com.acme/agent@0.9"));
        }
        return new HostReport("host-" + host, environment, host % 4 == 0 ? "db" : "web", T0.plusSeconds(round), packages);
    }

    @Test
    void shouldLandEveryOtherReportWhenOneOfManyConcurrentReportsFails() throws Exception {
        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url))) {
            injectFailureForPoison(c);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<FleetStore.IngestResult>> done = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String env = i == 11 ? "poison" : i % 2 == 0 ? "production" : "staging";
            HostReport r = agentReport(i, env, 0);
            done.add(pool.submit(() -> store.ingest(r)));
        }
        int landed = 0;
        for (int i = 0; i < done.size(); i++) {
            if (i == 11) {
                int host = i;
                assertThatThrownBy(() -> done.get(host).get(120, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(FleetStoreException.class).hasMessageContaining("injected failure");
            } else {
                assertThat(done.get(i).get(120, TimeUnit.SECONDS).changed()).isTrue();
                landed++;
            }
        }
        pool.shutdown();
        assertThat(landed).isEqualTo(23);
        assertThat(store.host("host-11")).isEmpty();
        assertThat(store.reports(null)).hasSize(23);
        assertThat(views().components(null).hosts()).isEqualTo(23);
        assertCountersMatchInstallations();
    }

    @Test
    void shouldKeepCountersEqualToARecountAfterConcurrentChanges() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int round = 0; round < 3; round++) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // hosts change versions every round, and some move between environments
                String env = (i + round) % 3 == 0 ? "staging" : "production";
                HostReport r = agentReport(i, env, round);
                done.add(pool.submit(() -> store.ingest(r)));
                if (i % 5 == 0) {
                    // the same report twice, concurrently: the second one changes nothing
                    done.add(pool.submit(() -> store.ingest(r)));
                }
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertCountersMatchInstallations();
        }
        pool.shutdown();
        assertThat(views().components(null).hosts()).isEqualTo(12);
        assertThat(store.reports(null)).hasSize(12 * 3);
    }

    /**
     * Two processes on one database (two store instances here: each has its own dictionary cache, connection pool and
     * writers): the second one meets versions the first registered after it opened, in the snapshots it replaces, and
     * both race on the same hosts. Counts stay exact and no report is lost.
     */
    @Test
    void shouldKeepCountsExactWhenTwoProcessesWriteOneStore() throws Exception {
        try (FleetStore other = FleetStores.open(url, clock)) {
            for (int i = 0; i < 6; i++) {
                store.ingest(agentReport(i, "production", 0));
            }
            // every host's snapshot now names agent versions the other instance has never seen
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int round = 1; round < 4; round++) {
                for (int i = 0; i < 8; i++) {
                    FleetStore writer = (i + round) % 2 == 0 ? store : other;
                    HostReport r = agentReport(i, i % 3 == 0 ? "staging" : "production", round);
                    done.add(pool.submit(() -> writer.ingest(r)));
                }
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertCountersMatchInstallations();
            assertThat(views().components(null).hosts()).isEqualTo(8);
            // rounds of one host may land in any order, but each landed report is one accepted change
            assertThat(store.reports(null)).hasSizeGreaterThanOrEqualTo(6 + 8);
            for (int i = 0; i < 8; i++) {
                assertThat(store.hostHistory(store.host("host-" + i).orElseThrow().id()))
                        .as("host-" + i + " snapshots").isNotEmpty();
            }
        }
    }
}
