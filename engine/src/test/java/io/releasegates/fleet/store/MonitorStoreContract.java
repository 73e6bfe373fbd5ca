package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.monitor.AdvisorySources;
import io.releasegates.fleet.monitor.EventDelivery;
import io.releasegates.fleet.monitor.MonitorFixtures;
import io.releasegates.fleet.monitor.MonitorPass;
import io.releasegates.notify.Webhook;
import io.releasegates.notify.WebhookSender;
import io.releasegates.pipeline.FleetReporting;
import io.releasegates.report.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor on a real store (H2 and PostgreSQL): a new advisory gives one `exposed` event per affected host and
 * release, a repeated pass none, an upgrade one `resolved`, a failed pass nothing, and webhooks get each event once.
 */
abstract class MonitorStoreContract {
    static final String SECRET = "monitor-test-secret-0123456789";
    static final String LIB = "org.example:lib";

    abstract String newStoreUrl() throws Exception;

    /** Makes every insert into fleet_event fail: the pass's last writes. */
    abstract void injectFailure(Connection c) throws SQLException;

    abstract void removeFailure(Connection c) throws SQLException;

    /** Makes a pass stop inside its transaction, at its first event insert, for long enough to be killed there. */
    abstract void installPause(Connection c) throws SQLException;

    /** Whether a pass is stopped there now. */
    abstract boolean paused(Path marker) throws Exception;

    /** Waits until the database has given up the killed pass's transaction. */
    abstract void awaitAbandoned() throws Exception;

    abstract void removePause(Connection c) throws SQLException;

    String url;
    FleetStore store;
    Path dataDir;

    @BeforeEach
    void open() throws Exception {
        url = newStoreUrl();
        store = FleetStores.open(url);
        dataDir = Files.createTempDirectory("rg-monitor-data");
        List<PackageRef> old = List.of(MonitorFixtures.maven("org.example", "lib", "1.0.0"),
                MonitorFixtures.maven("org.example", "other", "1.0"));
        for (String h : List.of("web-1", "web-2", "web-3")) {
            store.ingest(new HostReport(h, "production", "web", Instant.now(), old));
        }
        store.ingest(new HostReport("web-4", "production", "web", Instant.now(),
                List.of(MonitorFixtures.maven("org.example", "lib", "2.0.0"), MonitorFixtures.maven("org.example", "other", "1.0"))));
        release("app", "1.0", "production", "pkg:maven/org.example/lib@1.0.0");
        release("app", "1.1", "staging", "pkg:maven/org.example/lib@1.0.0");
        release("app", "2.0", "production", "pkg:maven/org.example/lib@2.0.0");
        // the data before the update: an advisory that affects nobody here
        MonitorFixtures.writeMavenArchive(dataDir, Map.of("GHSA-old.json",
                MonitorFixtures.osv("GHSA-old", "org.example:other", "0.5", MonitorFixtures.MEDIUM)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    void release(String name, String version, String environment, String... purls) {
        FleetReporting.recordRelease(store, MonitorFixtures.sbom(List.of(purls)), name + ".cdx.json", name, version,
                environment, Instant.now());
    }

    void update() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("GHSA-old.json", MonitorFixtures.osv("GHSA-old", "org.example:other", "0.5", MonitorFixtures.MEDIUM));
        records.put("GHSA-new.json", MonitorFixtures.osv("GHSA-new", LIB, "2.0.0", MonitorFixtures.CRITICAL));
        MonitorFixtures.writeMavenArchive(dataDir, records);
    }

    MonitorPass.Outcome pass() {
        return MonitorPass.run(store, AdvisorySources.resolve(dataDir, List.of(), null, dataDir), Clock.systemUTC());
    }

    List<MonitorStore.Event> events() {
        return store.monitor().events(null, 0, 100_000);
    }

    static Set<String> subjects(List<MonitorStore.Event> events, String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).map(e -> e.subjectKind() + " " + e.subject())
                .collect(Collectors.toSet());
    }

    @Test
    void shouldRecordOneExposedEventPerAffectedHostAndReleaseAndNoneOnARepeatedPass() throws Exception {
        MonitorPass.Outcome first = pass();
        assertThat(first.result().exposed()).isZero();
        assertThat(events()).isEmpty();
        assertThat(first.hosts()).isEqualTo(4);
        assertThat(first.releases()).isEqualTo(3);

        update();
        MonitorPass.Outcome second = pass();
        assertThat(second.result().exposed()).isEqualTo(5);
        assertThat(second.result().resolved()).isZero();
        List<MonitorStore.Event> events = events();
        assertThat(events).hasSize(5).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo("exposed");
            assertThat(e.advisory()).isEqualTo("GHSA-new");
            assertThat(e.severity()).isEqualTo("critical");
            assertThat(e.fixedIn()).isEqualTo("2.0.0");
            assertThat(e.component()).isEqualTo("pkg:maven/org.example/lib@1.0.0");
            assertThat(e.passId()).isEqualTo(second.result().passId());
        });
        assertThat(subjects(events, "exposed")).containsExactlyInAnyOrder("host web-1", "host web-2", "host web-3",
                "release app 1.0", "release app 1.1");

        MonitorPass.Outcome third = pass();
        assertThat(third.result().exposed()).isZero();
        assertThat(third.result().resolved()).isZero();
        assertThat(third.result().exposures()).isEqualTo(5);
        assertThat(events()).hasSize(5);
        // the panel's "since the last data update" starts at the pass that first saw the new data
        assertThat(store.monitor().lastDataUpdate().orElseThrow().id()).isEqualTo(second.result().passId());
        assertThat(store.monitor().lastPass().orElseThrow().id()).isEqualTo(third.result().passId());
    }

    @Test
    void shouldRecordOneChangedEventPerPairWhenTheAdvisorysSeverityOrFixedVersionChanges() throws Exception {
        update();
        long updatePass = pass().result().passId();
        // the same advisory re-rated (critical to medium) and fixed earlier (1.5.0): lib 1.0.0 is still affected
        Map<String, String> records = new LinkedHashMap<>();
        records.put("GHSA-old.json", MonitorFixtures.osv("GHSA-old", "org.example:other", "0.5", MonitorFixtures.MEDIUM));
        records.put("GHSA-new.json", MonitorFixtures.osv("GHSA-new", LIB, "1.5.0", MonitorFixtures.MEDIUM));
        MonitorFixtures.writeMavenArchive(dataDir, records);
        MonitorPass.Outcome after = pass();
        assertThat(after.result().exposed()).isZero();
        assertThat(after.result().resolved()).isZero();
        List<MonitorStore.Event> changed = events().stream().filter(e -> e.kind().equals("changed")).toList();
        assertThat(changed).hasSize(5).allSatisfy(e -> {
            assertThat(e.advisory()).isEqualTo("GHSA-new");
            assertThat(e.severity()).isEqualTo("medium");
            assertThat(e.fixedIn()).isEqualTo("1.5.0");
            assertThat(e.passId()).isEqualTo(after.result().passId());
        });
        assertThat(subjects(changed, "changed")).containsExactlyInAnyOrder("host web-1", "host web-2", "host web-3",
                "release app 1.0", "release app 1.1");
        // the stored state follows, so the same data again changes nothing, and the pairs still date from the update
        assertThat(store.monitor().exposures(MonitorStore.Subject.HOST).values().stream().flatMap(List::stream))
                .allSatisfy(x -> assertThat(x.severity()).isEqualTo("medium"));
        pass();
        assertThat(events()).hasSize(10);
        assertThat(store.monitor().newlyExposed(updatePass, 100).total()).isEqualTo(5);
    }

    @Test
    void shouldRecordOneResolvedEventWhenOneHostUpgrades() throws Exception {
        update();
        long updatePass = pass().result().passId();
        assertThat(store.monitor().newlyExposed(updatePass, 100).total()).isEqualTo(5);
        store.ingest(new HostReport("web-2", "production", "web", Instant.now(),
                List.of(MonitorFixtures.maven("org.example", "lib", "2.0.0"), MonitorFixtures.maven("org.example", "other", "1.0"))));
        MonitorPass.Outcome after = pass();
        assertThat(after.result().resolved()).isEqualTo(1);
        assertThat(after.result().exposed()).isZero();
        List<MonitorStore.Event> resolved = events().stream().filter(e -> e.kind().equals("resolved")).toList();
        assertThat(resolved).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("web-2");
            assertThat(e.advisory()).isEqualTo("GHSA-new");
        });
        assertThat(pass().result().resolved()).isZero();
        assertThat(events()).hasSize(6);
        // the panel's rows: still standing since the update, worst first; web-2's was resolved
        MonitorStore.Newly newly = store.monitor().newlyExposed(updatePass, 3);
        assertThat(newly.total()).isEqualTo(4);
        assertThat(newly.worst()).hasSize(3).noneMatch(e -> e.subject().equals("web-2"));
        // the releases view shows the current exposure per release
        Map<Integer, List<MonitorStore.Exposure>> releases = store.monitor().exposures(MonitorStore.Subject.RELEASE);
        assertThat(releases.values().stream().flatMap(List::stream).map(x -> x.subject().name()))
                .containsExactlyInAnyOrder("app 1.0", "app 1.1");
    }

    @Test
    void shouldLeaveNoEventsAndNoStateWhenThePassFailsInItsTransaction() throws Exception {
        pass();
        update();
        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url))) {
            injectFailure(c);
        }
        assertThatThrownBy(this::pass).isInstanceOf(FleetStoreException.class).hasMessageContaining("injected failure");
        assertThat(events()).isEmpty();
        assertThat(store.monitor().exposures(MonitorStore.Subject.HOST)).isEmpty();
        assertThat(store.monitor().lastPass().orElseThrow().id()).isEqualTo(1);
        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url))) {
            removeFailure(c);
        }
        MonitorPass.Outcome retried = pass();
        assertThat(retried.result().passId()).isEqualTo(2);
        assertThat(retried.result().exposed()).isEqualTo(5);
        assertThat(events()).hasSize(5);
    }

    @Test
    void shouldRecordEachPairOnceWhenTwoPassesRunAtTheSameTime() throws Exception {
        update();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<MonitorPass.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(this::pass));
            }
            int exposed = 0;
            for (Future<MonitorPass.Outcome> f : runs) {
                exposed += f.get().result().exposed();
            }
            assertThat(exposed).isEqualTo(5);
        } finally {
            pool.shutdown();
        }
        assertThat(events()).hasSize(5);
        assertThat(subjects(events(), "exposed")).hasSize(5);
    }

    @Test
    void shouldDeliverEachEventToTheWebhookOnceWhenTheFirstDeliveryFails() throws Exception {
        update();
        pass();
        try (MonitorFixtures.Receiver receiver = new MonitorFixtures.Receiver(1)) {
            Webhook hook = Webhook.of(receiver.url(), SECRET, 3, Duration.ofMillis(20));
            WebhookSender.Result r = EventDelivery.deliver(store, hook, Clock.systemUTC());
            assertThat(r.delivered()).isEqualTo(5);
            assertThat(r.lastError()).isNull();
            List<MonitorFixtures.Receiver.Delivery> all = receiver.deliveries();
            assertThat(all).hasSize(6);
            assertThat(all.get(0).status()).isEqualTo(500);
            // the retry of the failed delivery is the same delivery: same key, same body
            assertThat(all.get(1).idempotencyKey()).isEqualTo(all.get(0).idempotencyKey());
            assertThat(all.get(1).body()).isEqualTo(all.get(0).body());
            List<MonitorFixtures.Receiver.Delivery> accepted = all.stream().filter(d -> d.status() == 204).toList();
            assertThat(accepted.stream().map(MonitorFixtures.Receiver.Delivery::idempotencyKey).distinct()).hasSize(5);
            Set<Long> ids = new java.util.HashSet<>();
            for (MonitorFixtures.Receiver.Delivery d : accepted) {
                assertThat(d.signature()).isEqualTo("sha256=" + hmac(d.body()));
                var body = Json.mapper().readTree(d.body());
                assertThat(body.get("schema").asText()).isEqualTo(EventDelivery.SCHEMA);
                assertThat(body.get("event").get("type").asText()).isEqualTo("exposed").isEqualTo(d.event());
                ids.add(body.get("event").get("id").asLong());
            }
            assertThat(ids).isEqualTo(events().stream().map(MonitorStore.Event::id).collect(Collectors.toSet()));

            // nothing new: nothing sent
            assertThat(EventDelivery.deliver(store, hook, Clock.systemUTC()).delivered()).isZero();
            assertThat(receiver.deliveries()).hasSize(6);

            // the receiver is down for a whole run: the event waits in the store and comes with the next run, once
            store.ingest(new HostReport("web-1", "production", "web", Instant.now(),
                    List.of(MonitorFixtures.maven("org.example", "lib", "2.0.0"))));
            pass();
            receiver.failNext(100);
            WebhookSender.Result down = EventDelivery.deliver(store, Webhook.of(receiver.url(), SECRET, 2, Duration.ofMillis(10)),
                    Clock.systemUTC());
            assertThat(down.delivered()).isZero();
            assertThat(down.pending()).isEqualTo(1);
            assertThat(down.lastError()).contains("500");
            receiver.failNext(0);
            assertThat(EventDelivery.deliver(store, hook, Clock.systemUTC()).delivered()).isEqualTo(1);
            List<MonitorFixtures.Receiver.Delivery> ok = receiver.deliveries().stream().filter(d -> d.status() == 204).toList();
            assertThat(ok).hasSize(6);
            assertThat(ok.stream().map(MonitorFixtures.Receiver.Delivery::idempotencyKey).distinct()).hasSize(6);
            assertThat(new String(ok.get(5).body(), StandardCharsets.UTF_8)).contains("\"type\":\"resolved\"").contains("web-1");
        }
    }

    @Test
    void shouldLeaveNoEventsWhenThePassingJvmIsKilledMidTransaction() throws Exception {
        pass();
        update();
        store.close();
        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url))) {
            installPause(c);
        }
        Path marker = dataDir.resolve("paused");
        Process child = MonitorProcess.command(url, dataDir, marker).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
            while (!paused(marker)) {
                assertThat(child.isAlive()).as("child log: %s", Files.readString(dataDir.resolve("child.log"))).isTrue();
                assertThat(System.nanoTime()).as("the child's pass reached its event inserts").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed, not finished").isEqualTo(137);
        awaitAbandoned();
        try (Connection c = DriverManager.getConnection(FleetStores.jdbcUrl(url))) {
            removePause(c);
        }
        store = FleetStores.open(url);
        assertThat(events()).isEmpty();
        assertThat(store.monitor().exposures(MonitorStore.Subject.HOST)).isEmpty();
        assertThat(store.monitor().lastPass().orElseThrow().id()).isEqualTo(1);
        MonitorPass.Outcome next = pass();
        assertThat(next.result().exposed()).isEqualTo(5);
        assertThat(events()).hasSize(5);
    }

    static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
