package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.KnownVulnerability;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.ScannedVersion;
import io.releasegates.fleet.VulnerabilityScan;
import io.releasegates.fleet.web.FleetDashboard;
import io.releasegates.fleet.web.Response;
import io.releasegates.report.Json;
import io.releasegates.report.Severity;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The version-to-hosts index behind the component page, the advisory page and the distinct vulnerable-machine counts,
 * once per backend. What must hold: with the index or without it the answers are the same; an ingest makes it stale
 * and the store falls back to the snapshots at once (never an answer older than the data); the console's refresh
 * makes it current again; and while it is current those pages are answered from it, not by decoding every host's
 * snapshot (shown by emptying the snapshot table behind the store's back: the indexed answers do not change).
 */
abstract class VersionHostsContract extends OpenStoreContract {
    static final String LIB = "pkg:maven/com.acme/lib";
    static final String OTHER = "pkg:maven/com.acme/other";

    static PackageRef ref(String key, String version) {
        return new PackageRef(key, "maven", "com.acme:" + key.substring(key.lastIndexOf('/') + 1), version);
    }

    /** 30 hosts: lib 1.0 on hosts 0..9, 2.0 on 10..19, 3.0 on 20..29; other 1.0 on even hosts. */
    void fleet() {
        for (int i = 0; i < 30; i++) {
            List<PackageRef> refs = new ArrayList<>(List.of(ref(LIB, (1 + i / 10) + ".0")));
            if (i % 2 == 0) {
                refs.add(ref(OTHER, "1.0"));
            }
            store.ingest(new HostReport(String.format("h-%02d", i), i % 3 == 0 ? "staging" : "production", "web",
                    clock.instant(), refs));
        }
        KnownVulnerability high = new KnownVulnerability("CVE-2026-7001", List.of(), Severity.HIGH, 7.5, List.of("3.0"),
                "osv-purl", clock.instant());
        store.recordVulnerabilities(new VulnerabilityScan("scan", clock.instant(), List.of(
                new ScannedVersion(LIB, "1.0", true, clock.instant(), "scan", List.of(high)),
                new ScannedVersion(LIB, "2.0", true, clock.instant(), "scan", List.of(high)),
                new ScannedVersion(LIB, "3.0", true, clock.instant(), "scan", List.of())), 0));
    }

    JsonNode json(FleetDashboard d, String path, Map<String, String> query) throws Exception {
        Response r = d.request(path, query);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        JsonNode node = Json.mapper().readTree(r.body());
        if (node.has("generatedAt")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("generatedAt");
        }
        return node;
    }

    List<JsonNode> answers(FleetDashboard d) throws Exception {
        String lib = "/api/components/" + java.net.URLEncoder.encode(LIB, java.nio.charset.StandardCharsets.UTF_8);
        return List.of(json(d, lib, Map.of()), json(d, lib, Map.of("environment", "staging")),
                json(d, "/api/advisories/CVE-2026-7001", Map.of()),
                json(d, "/api/advisories/CVE-2026-7001", Map.of("environment", "production", "size", "5", "page", "2")));
    }

    boolean indexed(int... versionIds) {
        return ((JdbcFleetStore) store).read(c -> VersionHosts.lookup(c, versionIds)).isPresent();
    }

    int[] versionsOfLib() {
        return ((JdbcFleetStore) store).read(c -> Snapshots.versionsOf(c, store.catalog().component(LIB).orElseThrow().id()));
    }

    @Test
    void shouldAnswerTheSameFromTheIndexAsFromTheSnapshotsAndFallBackWhileItIsStale() throws Exception {
        fleet();
        FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), clock, "");
        int[] lib = versionsOfLib();
        assertThat(indexed(lib)).as("no refresh yet: no index").isFalse();
        List<JsonNode> fromSnapshots = answers(dashboard);
        assertThat(fromSnapshots.get(2).get("hosts").asLong()).isEqualTo(20);
        assertThat(fromSnapshots.get(3).get("hosts").asLong()).isEqualTo(13);

        dashboard.console().refresh();
        assertThat(indexed(lib)).isTrue();
        assertThat(answers(dashboard)).isEqualTo(fromSnapshots);
        assertThat(store.machinesRunning(Map.of(store.catalog().component(LIB).orElseThrow().id(), toSet(lib)), "staging").values())
                .containsExactly(10L);

        // hosts 0..4 upgrade: the index is stale at once and the answers follow the data, not the index
        clock.set(clock.instant().plus(Duration.ofHours(1)));
        for (int i = 0; i < 5; i++) {
            store.ingest(new HostReport(String.format("h-%02d", i), i % 3 == 0 ? "staging" : "production", "web",
                    clock.instant(), List.of(ref(LIB, "3.0"))));
        }
        assertThat(indexed(lib)).isFalse();
        List<JsonNode> afterUpgrade = answers(dashboard);
        assertThat(afterUpgrade.get(2).get("hosts").asLong()).isEqualTo(15);
        dashboard.console().refresh();
        assertThat(indexed(lib)).isTrue();
        assertThat(answers(dashboard)).isEqualTo(afterUpgrade);
    }

    @Test
    void shouldAnswerTheDetailPagesFromTheIndexWithoutDecodingEverySnapshot() throws Exception {
        fleet();
        FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.defaults(), clock, "");
        dashboard.console().refresh();
        List<JsonNode> indexed = answers(dashboard);
        // behind the store's back (no report, so the index still counts as current): the snapshots are gone
        ((JdbcFleetStore) store).read(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM fleet_current");
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return null;
        });
        assertThat(answers(dashboard)).as("answered from the index").isEqualTo(indexed);
        assertThat(indexed.get(2).get("hosts").asLong()).isEqualTo(20);
    }

    static Set<Integer> toSet(int[] ids) {
        Set<Integer> out = new HashSet<>();
        for (int id : ids) {
            out.add(id);
        }
        return out;
    }
}
