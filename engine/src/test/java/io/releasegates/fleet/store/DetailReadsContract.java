package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.KnownVulnerability;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.ScannedVersion;
import io.releasegates.fleet.VulnerabilityScan;
import io.releasegates.fleet.view.FleetViews;
import io.releasegates.fleet.view.ViewModel.ComponentStat;
import io.releasegates.report.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The narrow reads behind the component and advisory pages (docs/fleet.md, How it scales), once per backend: each
 * must give what the full read gives for the part it reads (one component's dictionary, one component's or one
 * advisory's scan facts, some hosts' rows), and the component page built from them must show the same figures as
 * the component list, which is built from the full reads and the counters.
 */
abstract class DetailReadsContract extends OpenStoreContract {
    static final String LIB = "pkg:maven/com.acme/lib";
    static final String OTHER = "pkg:maven/com.acme/other";
    static final String THIRD = "pkg:maven/com.acme/third";

    static PackageRef ref(String key, String version) {
        return new PackageRef(key, "maven", "com.acme:" + key.substring(key.lastIndexOf('/') + 1), version);
    }

    /** 24 hosts: lib 1.0/2.0/3.0 (3.0 seen a day later), other 1.0 or 1.1 on even hosts, third on every fourth. */
    void fleet() {
        for (int i = 0; i < 24; i++) {
            if (i == 16) {
                clock.advance(Duration.ofDays(1));
            }
            List<PackageRef> refs = new ArrayList<>(List.of(ref(LIB, (1 + i / 8) + ".0")));
            if (i % 2 == 0) {
                refs.add(ref(OTHER, i % 4 == 0 ? "1.0" : "1.1"));
            }
            if (i % 4 == 0) {
                refs.add(ref(THIRD, "0.9"));
            }
            store.ingest(new HostReport(String.format("h-%02d", i), i % 3 == 0 ? "staging" : "production", i % 5 == 0 ? "db" : "web",
                    clock.instant(), refs));
        }
    }

    static KnownVulnerability fact(String id, Severity severity, String fixed) {
        return new KnownVulnerability(id, List.of(id.replace("CVE", "GHSA")), severity, 7.5, List.of(fixed), "osv-purl", T0);
    }

    /** CVE-A affects lib 1.0 and 2.0 and other 1.0; lib 1.0 also has CVE-B; lib 3.0 is matched with none; third unmatched. */
    void scan() {
        store.recordVulnerabilities(new VulnerabilityScan("scan", clock.instant(), List.of(
                new ScannedVersion(LIB, "1.0", true, clock.instant(), "scan", List.of(fact("CVE-A", Severity.HIGH, "3.0"),
                        fact("CVE-B", Severity.CRITICAL, "2.0"))),
                new ScannedVersion(LIB, "2.0", true, clock.instant(), "scan", List.of(fact("CVE-A", Severity.HIGH, "3.0"))),
                new ScannedVersion(LIB, "3.0", true, clock.instant(), "scan", List.of()),
                new ScannedVersion(OTHER, "1.0", true, clock.instant(), "scan", List.of(fact("CVE-A", Severity.MEDIUM, "1.1"))),
                new ScannedVersion(THIRD, "0.9", false, clock.instant(), "scan", List.of())), 0));
    }

    @Test
    void shouldReadOneComponentsDictionaryAsTheWholeDictionaryHasIt() {
        fleet();
        Catalog all = store.catalog();
        Catalog part = store.catalog(List.of(LIB, OTHER, "pkg:maven/com.acme/unknown"));
        for (String key : List.of(LIB, OTHER)) {
            Catalog.Component c = all.component(key).orElseThrow();
            assertThat(part.component(key)).contains(c);
            assertThat(part.versionsOf(c.id())).isEqualTo(all.versionsOf(c.id())).isNotEmpty();
            assertThat(part.newest(c.id())).isEqualTo(all.newest(c.id()));
            for (Catalog.Version v : all.versionsOf(c.id())) {
                assertThat(part.version(v.id())).isEqualTo(v);
                assertThat(part.versionsBehind(v)).isEqualTo(all.versionsBehind(v));
                assertThat(part.newerSince(v)).isEqualTo(all.newerSince(v));
            }
        }
        assertThat(all.versionsBehind(all.versionsOf(all.component(LIB).orElseThrow().id()).get(0))).isEqualTo(2);
        assertThat(part.component(THIRD)).isEmpty();
        assertThat(part.component("pkg:maven/com.acme/unknown")).isEmpty();
        assertThat(store.catalog(List.of()).size()).isZero();
    }

    @Test
    void shouldReadOneComponentsOrOneAdvisorysScanFactsAsTheFullIndexHasThem() {
        fleet();
        assertThat(store.hasScanData()).isFalse();
        assertThat(store.componentVulnerabilities(LIB).isEmpty()).isTrue();
        scan();
        assertThat(store.hasScanData()).isTrue();
        VulnerabilityIndex all = store.vulnerabilities();

        VulnerabilityIndex lib = store.componentVulnerabilities(LIB);
        assertThat(lib.keys()).containsExactly(LIB);
        for (String v : List.of("1.0", "2.0", "3.0")) {
            assertThat(lib.lookup(LIB, v)).isPresent().isEqualTo(all.lookup(LIB, v));
        }
        assertThat(lib.lookup(OTHER, "1.0")).isEmpty();

        VulnerabilityIndex a = store.versionsAffectedBy("CVE-A");
        assertThat(a.keys()).containsExactlyInAnyOrder(LIB, OTHER);
        assertThat(a.size()).isEqualTo(3);
        for (String[] kv : List.of(new String[] {LIB, "1.0"}, new String[] {LIB, "2.0"}, new String[] {OTHER, "1.0"})) {
            // every fact of an affected version, the other advisories included
            assertThat(a.lookup(kv[0], kv[1])).isPresent().isEqualTo(all.lookup(kv[0], kv[1]));
        }
        assertThat(a.lookup(LIB, "1.0").orElseThrow().vulnerabilities()).hasSize(2);
        assertThat(a.lookup(LIB, "3.0")).isEmpty();
        assertThat(store.versionsAffectedBy("CVE-B").size()).isEqualTo(1);
        assertThat(store.versionsAffectedBy("CVE-NONE").isEmpty()).isTrue();
    }

    @Test
    void shouldReadHostRowsByIdAsTheHostListHasThem() {
        fleet();
        List<FleetStore.HostRow> every = store.hosts(null);
        int[] some = every.stream().filter(h -> h.name().compareTo("h-10") < 0).mapToInt(FleetStore.HostRow::id).toArray();
        int[] asked = IntStream.concat(Arrays.stream(some), IntStream.of(some[0], 999_999)).toArray();
        List<FleetStore.HostRow> expected = every.stream().filter(h -> h.name().compareTo("h-10") < 0)
                .sorted(Comparator.comparing(FleetStore.HostRow::name)).toList();
        assertThat(sorted(store.hostsById(asked))).hasSize(10).isEqualTo(expected);
        // the other way of reading them, one pass over the table, gives the same rows
        assertThat(sorted(((JdbcFleetStore) store).read(c -> DetailReads.hosts(c, asked, 1)))).isEqualTo(expected);
        assertThat(store.hostsById(new int[0])).isEmpty();
    }

    @Test
    void shouldShowTheSameComponentFiguresOnTheComponentPageAsInTheComponentList() {
        fleet();
        clock.advance(Duration.ofDays(40));
        FleetViews views = views();
        for (boolean scanned : new boolean[] {false, true}) {
            if (scanned) {
                scan();
            }
            for (String env : Arrays.asList(null, "staging", "production")) {
                for (String key : List.of(LIB, OTHER, THIRD)) {
                    ComponentStat listed = views.components(env).items().stream().filter(c -> c.purl().equals(key))
                            .findFirst().orElseThrow();
                    ComponentStat page = views.component(key, env).orElseThrow().component();
                    assertThat(page).as(key + " in " + env + (scanned ? ", scanned" : "")).isEqualTo(listed);
                    assertThat(views.component(key, env).orElseThrow().scanData()).isEqualTo(scanned ? Boolean.TRUE : null);
                }
            }
        }
        // lib: hosts 0-7 run 1.0 (CVE-A, CVE-B), 8-15 run 2.0 (CVE-A): 16 distinct vulnerable machines
        assertThat(views.component(LIB, null).orElseThrow().component().vulnerableMachines()).isEqualTo(16L);
        assertThat(views.component(LIB, "staging").orElseThrow().component().vulnerableMachines())
                .isEqualTo(Set.of(0, 3, 6, 9, 12, 15).size());
    }

    private static List<FleetStore.HostRow> sorted(List<FleetStore.HostRow> rows) {
        return rows.stream().sorted(Comparator.comparing(FleetStore.HostRow::name)).toList();
    }
}
