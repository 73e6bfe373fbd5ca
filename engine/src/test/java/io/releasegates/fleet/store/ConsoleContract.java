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
import io.releasegates.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operations console on a real store, once per backend: home-page counts against the lists they link to, paging,
 * sorting, search and filters in SQL, parameter validation, CSV export, the advisory page and the trend. The expected
 * numbers are worked out here from how the fleet is built, not read back from the console.
 */
abstract class ConsoleContract extends OpenStoreContract {
    static final String A = "pkg:maven/com.acme/lib-a";
    static final String B = "pkg:maven/com.acme/lib-b";
    static final String C = "pkg:maven/com.acme/lib-c";
    static final String D = "pkg:maven/com.acme/lib-d";
    static final String HOSTILE = "=SUM(1+1)<script>x</script>";
    static final Duration STALE = Duration.ofDays(5);

    FleetDashboard dashboard;

    static String environment(int i) {
        return i % 3 == 0 ? "staging" : "production";
    }

    static PackageRef ref(String key, String version) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return new PackageRef(key, "maven", "com.acme:" + name, version);
    }

    /**
     * Hosts 0..59 report at T0 with lib-a 1.0; hosts 60..119 a day later with lib-a 2.0 (the newer version, so 1.0 is
     * behind from then on); even hosts run lib-b 1.0; all run lib-c 1.0. Hosts 100..119 and one hostile name report
     * again on day 9. Day 10 is "now": lib-a 1.0 is two days past its 7-day deadline; hosts 0..99 are stale after 5 days.
     */
    void buildFleet() {
        for (int i = 0; i < 120; i++) {
            if (i == 60) {
                clock.set(T0.plus(Duration.ofDays(1)));
            }
            store.ingest(new HostReport(name(i), environment(i), i % 5 == 0 ? "db" : "web", clock.instant(), packages(i, false)));
        }
        clock.set(T0.plus(Duration.ofDays(9)));
        for (int i = 100; i < 120; i++) {
            store.ingest(new HostReport(name(i), environment(i), i % 5 == 0 ? "db" : "web", clock.instant(), packages(i, true)));
        }
        store.ingest(new HostReport(HOSTILE, "production", "web", clock.instant(), List.of(ref(D, "1.0"))));
        store.recordVulnerabilities(new VulnerabilityScan("scan of app.war", T0, List.of(
                scanned(A, "1.0", vuln("CVE-2026-0001", Severity.CRITICAL, "2.0")),
                scanned(A, "2.0"),
                scanned(B, "1.0", vuln("CVE-2026-0002", Severity.HIGH, "1.1")),
                scanned(C, "1.0", vuln("CVE-2026-0003", Severity.LOW, "1.2"))), 0));
        clock.set(T0.plus(Duration.ofDays(10)));
        dashboard = new FleetDashboard(store, CadencePolicy.defaults(), clock, "", STALE);
        dashboard.console().refresh();
    }

    static String name(int i) {
        return String.format("h-%03d", i);
    }

    static List<PackageRef> packages(int i, boolean again) {
        List<PackageRef> out = new ArrayList<>();
        out.add(ref(A, i < 60 ? "1.0" : "2.0"));
        if (i % 2 == 0) {
            out.add(ref(B, "1.0"));
        }
        out.add(ref(C, "1.0"));
        if (again) {
            out.add(ref(D, "1.0"));
        }
        return out;
    }

    static ScannedVersion scanned(String key, String version, KnownVulnerability... vulns) {
        return new ScannedVersion(key, version, true, T0, "scan of app.war", List.of(vulns));
    }

    static KnownVulnerability vuln(String id, Severity severity, String fixed) {
        return new KnownVulnerability(id, List.of("GHSA-" + id.substring(4)), severity, null, List.of(fixed), "osv-purl", T0);
    }

    Response get(String pathAndQuery) {
        return DashboardRequests.get(dashboard, pathAndQuery);
    }

    JsonNode json(String pathAndQuery) throws Exception {
        return DashboardRequests.json(dashboard, pathAndQuery);
    }

    @Test
    void shouldCountWhatNeedsAttentionExactlyAsTheListsItLinksTo() throws Exception {
        buildFleet();
        Map<String, Long> vulnerable = new HashMap<>();
        Map<String, Long> stale = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            if (i < 60 || i % 2 == 0) {
                vulnerable.merge(environment(i), 1L, Long::sum);
                vulnerable.merge("", 1L, Long::sum);
            }
            if (i < 100) {
                stale.merge(environment(i), 1L, Long::sum);
                stale.merge("", 1L, Long::sum);
            }
        }
        JsonNode home = json("/api/attention");
        Map<String, Map<String, Long>> expected = Map.of("vulnerable-hosts", vulnerable, "stale-hosts", stale);
        int followed = 0;
        for (JsonNode panel : home.get("panels")) {
            for (JsonNode count : panel.get("counts")) {
                String env = count.get("environment").asText();
                String link = count.get("link").asText();
                JsonNode list = json("/api/list" + link);
                assertThat(list.get("total").asLong()).as(panel.get("id") + " " + env + " " + link)
                        .isEqualTo(count.get("count").asLong());
                if (expected.containsKey(panel.get("id").asText())) {
                    assertThat(count.get("count").asLong()).as(panel.get("id") + " " + env)
                            .isEqualTo(expected.get(panel.get("id").asText()).getOrDefault(env, 0L));
                }
                followed++;
            }
        }
        assertThat(followed).isEqualTo(9);
        JsonNode late = json("/api/list/components?policy=out&sort=overdue_days&dir=desc");
        assertThat(late.get("items")).extracting(c -> c.get("purl").asText()).containsExactly(A);
        assertThat(late.get("items").get(0).get("overdue_days").asLong()).isEqualTo(2);
        JsonNode worst = json("/api/list/hosts?vulnerable=high&sort=severity&dir=desc&size=60");
        assertThat(worst.get("items")).allMatch(h -> h.get("severity").asText().equals("critical"));
        assertThat(get("/").body()).contains("id=\"panel-vulnerable-hosts\"").contains("href=\"/hosts?vulnerable=high");
    }

    @Test
    void shouldPageSortSearchAndFilterWithStableUrls() throws Exception {
        buildFleet();
        JsonNode page2 = json("/api/list/hosts?q=h-&size=10&page=2");
        assertThat(page2.get("total").asLong()).isEqualTo(120);
        assertThat(page2.get("pages").asInt()).isEqualTo(12);
        List<String> names = new ArrayList<>();
        page2.get("items").forEach(h -> names.add(h.get("host").asText()));
        assertThat(names).containsExactly("h-010", "h-011", "h-012", "h-013", "h-014", "h-015", "h-016", "h-017", "h-018", "h-019");
        assertThat(json("/api/list/hosts?q=h-11").get("total").asLong()).isEqualTo(10);
        assertThat(json("/api/list/hosts?q=%25").get("total").asLong()).as("LIKE wildcards are text").isZero();
        assertThat(json("/api/list/hosts?environment=staging&role=db").get("total").asLong())
                .isEqualTo(java.util.stream.IntStream.range(0, 120).filter(i -> i % 3 == 0 && i % 5 == 0).count());
        JsonNode byPackages = json("/api/list/hosts?sort=packages&dir=desc&size=25");
        List<Integer> counts = new ArrayList<>();
        byPackages.get("items").forEach(h -> counts.add(h.get("packages").asInt()));
        assertThat(counts).isSortedAccordingTo(java.util.Comparator.reverseOrder()).startsWith(4);
        String html = get("/hosts?environment=production&size=10&page=2").body();
        assertThat(html).contains("href=\"/hosts?environment=production&amp;size=10&amp;page=3\"")
                .contains("href=\"/export/list/hosts.csv?environment=production\"")
                .contains("href=\"/api/list/hosts?environment=production&amp;size=10&amp;page=2\"");
        assertThat(json("/api/list/components?tier=indirect&environment=staging").get("total").asLong()).isEqualTo(4);
        assertThat(json("/api/list/components?vulnerable=critical").get("items").get(0).get("vulnerable_machines").asLong())
                .isEqualTo(60);
    }

    @Test
    void shouldRefuseEveryParameterItDoesNotKnowWithA400() {
        buildFleet();
        for (String bad : List.of("/hosts?sort=name%3BDROP%20TABLE%20fleet_host", "/api/list/hosts?sort=h.name",
                "/api/list/components?sort=machines&dir=sideways", "/api/list/hosts?page=0", "/api/list/hosts?size=501",
                "/api/list/hosts?size=ten", "/api/list/hosts?vulnerable=maybe", "/api/list/hosts?stale=soon",
                "/api/list/hosts?colour=red", "/export/list/components.csv?tier=gold", "/api/advisories/CVE-2026-0001?sort=x")) {
            Response r = get(bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).startsWith("bad request: ").doesNotContain("Exception").hasLineCount(1);
        }
        assertThat(get("/api/list/hosts?sort=name%3BDROP").body()).contains("unknown sort column");
        assertThat(json_total("/api/list/hosts")).isEqualTo(121);
    }

    long json_total(String path) {
        try {
            return json(path).get("total").asLong();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldExportEveryRowOfTheFilteredViewWithFormulasNeutralised() {
        buildFleet();
        String csv = get("/export/list/hosts.csv?environment=production&size=10&page=3").body();
        long production = java.util.stream.IntStream.range(0, 120).filter(i -> !environment(i).equals("staging")).count() + 1;
        assertThat(csv.split("\r\n")).hasSize((int) production + 1);
        assertThat(csv).startsWith("host,environment,role,packages,patch_level,out_of_policy,vulnerable,severity,last_report,"
                + "scan_status\r\n");
        assertThat(csv).contains("\"'=SUM(1+1)<script>x</script>\",production,web,1,").doesNotContain("\n=SUM");
        assertThat(get("/hosts?q=SUM").body()).contains("=SUM(1+1)&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x");
    }

    @Test
    void shouldShowWhichHostsAnAdvisoryAffectsWithTheirVersionAndTheFix() throws Exception {
        buildFleet();
        JsonNode advisories = json("/api/list/advisories");
        assertThat(advisories.get("items")).extracting(a -> a.get("advisory").asText())
                .containsExactly("CVE-2026-0001", "CVE-2026-0002", "CVE-2026-0003");
        assertThat(advisories.get("items").get(1).get("machines").asLong()).isEqualTo(60);
        JsonNode detail = json("/api/advisories/CVE-2026-0001?size=25&page=2&environment=production");
        long production = java.util.stream.IntStream.range(0, 60).filter(i -> !environment(i).equals("staging")).count();
        assertThat(detail.get("hosts").asLong()).isEqualTo(production);
        assertThat(detail.get("items")).hasSize((int) production - 25);
        assertThat(detail.get("items")).allMatch(h -> h.get("version").asText().equals("1.0")
                && h.get("fixedIn").asText().equals("2.0") && h.get("environment").asText().equals("production"));
        assertThat(detail.get("versions").get(0).get("machines").asLong()).isEqualTo(production);
        String page = get("/advisories/CVE-2026-0001").body();
        assertThat(page).contains("id=\"count-affected-hosts\" data-count=\"60\"").contains("GHSA-2026-0001")
                .contains("href=\"/advisories/CVE-2026-0001?page=2\"");
        assertThat(get("/advisories/CVE-1999-0000").status()).isEqualTo(404);
    }

    @Test
    void shouldSayNoHostsInsteadOfAPatchLevelWhenTheFleetIsEmpty() throws Exception {
        dashboard = new FleetDashboard(store, CadencePolicy.defaults(), clock, "", STALE);
        String home = get("/").body();
        assertThat(home).contains("data-count=\"no hosts\">no hosts<").doesNotContain("100.0");
        JsonNode all = json("/api/attention").get("environments").get(0);
        assertThat(all.get("hosts").asLong()).isZero();
        assertThat(all.has("patchLevel") && !all.get("patchLevel").isNull()).isFalse();
        assertThat(json("/api/list/components").get("total").asLong()).isZero();
    }

    @Test
    void shouldKeepPatchLevelAndVulnerableHostsPerEnvironmentPerDay() throws Exception {
        buildFleet();
        JsonNode trend = json("/api/trend");
        JsonNode all = trend.get("");
        JsonNode today = all.get(all.size() - 1);
        assertThat(today.get("day").asText()).isEqualTo("2026-11-11");
        assertThat(today.get("hosts").asInt()).isEqualTo(121);
        assertThat(today.get("vulnerableHosts").asInt()).isEqualTo(90);
        assertThat(all.get(0).get("day").asText()).isEqualTo("2026-11-01");
        assertThat(all.get(0).get("vulnerableHosts").isNull()).as("not recorded on a day before the console ran").isTrue();
        assertThat(trend.get("staging").get(trend.get("staging").size() - 1).get("hosts").asInt()).isEqualTo(40);

        clock.advance(Duration.ofDays(1));
        for (int i = 0; i < 60; i += 2) {
            store.ingest(new HostReport(name(i), environment(i), i % 5 == 0 ? "db" : "web", clock.instant(),
                    List.of(ref(A, "2.0"), ref(C, "1.0"))));
        }
        dashboard.console().refresh();
        JsonNode next = json("/api/trend").get("");
        assertThat(next.get(next.size() - 1).get("vulnerableHosts").asInt()).isEqualTo(60);
        assertThat(next.get(next.size() - 2).get("vulnerableHosts").asInt()).as("yesterday kept").isEqualTo(90);
        String page = get("/trend").body();
        assertThat(page).contains("<svg class=\"trend\" id=\"trend-0\"").contains("aria-describedby=\"trend-0-table\"")
                .contains("<table id=\"trend-0-table\">").contains("<td>2026-11-12</td><td class=\"num\">121</td>");
    }
}
