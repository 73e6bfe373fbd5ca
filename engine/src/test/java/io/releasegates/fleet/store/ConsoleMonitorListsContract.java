package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.web.FleetDashboard;
import io.releasegates.fleet.web.Response;
import io.releasegates.integrity.watch.FileAlert;
import io.releasegates.integrity.watch.FileChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's lists over the monitor's events and releases and the watch agents' file-change alerts, once per
 * backend: paging, sorting (worst severity first), search, filters, the CSV of a filtered view and the 400s. The
 * expected counts follow from the passes recorded here, not from the console.
 */
abstract class ConsoleMonitorListsContract extends OpenStoreContract {
    static final String EVIL = "<img src=x onerror=alert(3)>";
    FleetDashboard dashboard;

    static MonitorStore.Exposure exposure(MonitorStore.Subject s, String advisory, String severity) {
        return new MonitorStore.Exposure(s, advisory, severity, "pkg:maven/com.acme/lib-a@1.0", "2.0");
    }

    /**
     * Hosts h-00..h-11 (every third in staging) and releases shop 1.0 (production, named hostile) and shop 0.9 (staging).
     * Pass 1: every host and shop 1.0 exposed to CVE-A (critical); pass 2: CVE-A resolved on h-00..h-03, shop 1.0 also
     * exposed to CVE-B (low), hosts h-08..h-11 to CVE-C (high). Events: 13 + 4 resolved + 1 + 4 = 22.
     */
    void build() {
        List<MonitorStore.Subject> hosts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            store.ingest(new HostReport(String.format("h-%02d", i), i % 3 == 0 ? "staging" : "production", "web", clock.instant(),
                    List.of(new PackageRef("pkg:maven/com.acme/lib-a", "maven", "com.acme:lib-a", "1.0"))));
        }
        for (FleetStore.HostRow h : store.hosts(null)) {
            hosts.add(new MonitorStore.Subject(MonitorStore.Subject.HOST, h.id(), h.name(), h.environment()));
        }
        hosts.sort(java.util.Comparator.comparing(MonitorStore.Subject::name));
        MonitorStore m = store.monitor();
        List<MonitorStore.Component> parts = List.of(new MonitorStore.Component("pkg:maven/com.acme/lib-a", "1.0"));
        MonitorStore.ReleaseRow shop = m.recordRelease(new MonitorStore.Release(EVIL, "1.0", "production", clock.instant(), parts));
        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        m.recordRelease(new MonitorStore.Release("shop", "0.9", "staging", clock.instant(), parts));
        MonitorStore.Subject release = new MonitorStore.Subject(MonitorStore.Subject.RELEASE, shop.id(), EVIL + " 1.0", "production");
        List<MonitorStore.Exposure> first = new ArrayList<>();
        hosts.forEach(h -> first.add(exposure(h, "CVE-A", "critical")));
        first.add(exposure(release, "CVE-A", "critical"));
        m.recordPass(new MonitorStore.PassInput(clock.instant(), clock.instant(), "data-1", "data 1", clock.instant(), 14), first);
        clock.set(clock.instant().plus(Duration.ofHours(2)));
        List<MonitorStore.Exposure> second = new ArrayList<>();
        for (int i = 4; i < 12; i++) {
            second.add(exposure(hosts.get(i), "CVE-A", "critical"));
        }
        for (int i = 8; i < 12; i++) {
            second.add(exposure(hosts.get(i), "CVE-C", "high"));
        }
        second.add(exposure(release, "CVE-A", "critical"));
        second.add(exposure(release, "CVE-B", "low"));
        m.recordPass(new MonitorStore.PassInput(clock.instant(), clock.instant(), "data-2", "data 2", clock.instant(), 14), second);
        store.recordAlerts(List.of(alert("h-01", "nginx.conf", "open", "high"), alert("h-01", "sudoers", "open", "critical"),
                alert("h-02", "=cmd|calc", "open", "medium"), alert("h-03", "hosts", "open", "low")));
        store.recordAlerts(List.of(alert("h-03", "hosts", "resolved", "low")));
        dashboard = new FleetDashboard(store, CadencePolicy.defaults(), clock, "");
    }

    FileAlert alert(String host, String path, String state, String severity) {
        return new FileAlert(clock.instant(), host, "/etc", path, FileChange.MODIFIED, state, severity,
                FileChange.MODIFIED.rule().id(), null, null, path + " modified");
    }

    Response get(String pathAndQuery) {
        return DashboardRequests.get(dashboard, pathAndQuery);
    }

    JsonNode json(String pathAndQuery) throws Exception {
        return DashboardRequests.json(dashboard, pathAndQuery);
    }

    static List<String> column(JsonNode page, String name) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get(name).asText()));
        return out;
    }

    @Test
    void shouldPageFilterSortAndSearchTheMonitorEvents() throws Exception {
        build();
        JsonNode all = json("/api/list/events?size=5&page=2");
        assertThat(all.get("total").asLong()).isEqualTo(22);
        assertThat(all.get("pages").asInt()).isEqualTo(5);
        List<Long> ids = new ArrayList<>();
        all.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        assertThat(ids).as("newest first").hasSize(5).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(json("/api/list/events?kind=resolved").get("total").asLong()).isEqualTo(4);
        assertThat(json("/api/list/events?subject=release").get("total").asLong()).isEqualTo(2);
        assertThat(json("/api/list/events?severity=high&kind=exposed").get("total").asLong()).isEqualTo(13 + 4);
        assertThat(json("/api/list/events?environment=staging&kind=exposed").get("total").asLong()).isEqualTo(4 + 1);
        assertThat(json("/api/list/events?q=cve-c").get("total").asLong()).isEqualTo(4);
        assertThat(json("/api/list/events?since=1h").get("total").asLong()).as("pass 2 only").isEqualTo(4 + 1 + 4);
        assertThat(column(json("/api/list/events?sort=severity&dir=asc&size=1"), "severity")).containsExactly("low");
        assertThat(column(json("/api/list/events?sort=severity&dir=desc&size=100"), "severity"))
                .startsWith("critical").endsWith("low").doesNotContainNull();
        String csv = get("/export/list/events.csv?kind=resolved").body();
        assertThat(csv.split("\r\n")).hasSize(4 + 1);
        assertThat(csv.split("\r\n")[0]).isEqualTo("id,at,kind,subject_kind,subject,environment,advisory,severity,component,fixed_in");
        // no scan was imported: the severity column is the monitor's own and stays on the page
        String page = get("/events?kind=exposed&sort=severity&dir=desc").body();
        assertThat(page).contains("data-column=\"severity\"").contains("href=\"/advisories/CVE-A\"")
                .contains(">" + "&lt;img src=x onerror=alert(3)&gt; 1.0<").doesNotContain(EVIL);
    }

    /** The events list's own spec with a bound of 5 instead of 10,000, registered as a list of its own. */
    void boundedEventsList() {
        io.releasegates.fleet.console.ListSpec e = io.releasegates.fleet.console.MonitorLists.events(clock);
        dashboard.console().addList(new io.releasegates.fleet.console.ListSpec("events5", e.title(), e.from(), e.columns(),
                e.filters(), e.search(), e.defaultSort(), e.defaultDescending(), e.tieBreak(), e.prefixSearch(), 5));
    }

    @Test
    void shouldCountTheEventsOnlyUpToTheBoundAndKeepThePagerWorking() throws Exception {
        build();
        assertThat(json("/api/list/events").get("more").asBoolean()).as("22 events: under 10,000, counted exactly").isFalse();
        boundedEventsList();
        JsonNode first = json("/api/list/events5?size=2");
        // 5 rows counted past the page's start, a sixth found: "more than 5"
        assertThat(first.get("total").asLong()).isEqualTo(5);
        assertThat(first.get("more").asBoolean()).isTrue();
        assertThat(first.get("pages").asInt()).isEqualTo(3);
        assertThat(first.get("items")).hasSize(2);
        String page = get("/events5?size=2").body();
        assertThat(page).contains("data-more=\"true\">more than 5</strong>").contains("of more than 3")
                .contains("id=\"page-next\"").doesNotContain("id=\"page-last\"");
        // past the bound the pager still leads on, and each page counts from its own start
        JsonNode fourth = json("/api/list/events5?size=2&page=4");
        assertThat(fourth.get("total").asLong()).isEqualTo(6 + 5);
        assertThat(fourth.get("more").asBoolean()).isTrue();
        assertThat(fourth.get("items")).hasSize(2);
        // near the end the count is exact again: 22 events, the last page is known and has no "next"
        JsonNode last = json("/api/list/events5?size=2&page=11");
        assertThat(last.get("total").asLong()).isEqualTo(22);
        assertThat(last.get("more").asBoolean()).isFalse();
        assertThat(last.get("pages").asInt()).isEqualTo(11);
        assertThat(get("/events5?size=2&page=11").body()).contains(">22</strong>").doesNotContain("more than")
                .doesNotContain("id=\"page-next\"");
        // every event once, in order, walking the bounded pages
        List<Long> ids = new ArrayList<>();
        for (int p = 1; p <= 11; p++) {
            json("/api/list/events5?size=2&page=" + p).get("items").forEach(i -> ids.add(i.get("id").asLong()));
        }
        assertThat(ids).hasSize(22).doesNotHaveDuplicates().isSortedAccordingTo(java.util.Comparator.reverseOrder());
        // a filter bounds its own count: 4 resolved events are fewer than the bound
        JsonNode resolved = json("/api/list/events5?kind=resolved");
        assertThat(resolved.get("total").asLong()).isEqualTo(4);
        assertThat(resolved.get("more").asBoolean()).isFalse();
    }

    @Test
    void shouldFindEventsByTheStartOfTheSubjectOrTheAdvisoryInAnyCase() throws Exception {
        build();
        // h-08..h-11 had CVE-A and CVE-C events; h-1 starts h-10 and h-11: 2 x (pass 1 exposed CVE-A + pass 2 exposed CVE-C)
        assertThat(json("/api/list/events?q=h-1").get("total").asLong()).isEqualTo(4);
        assertThat(json("/api/list/events?q=H-1").get("total").asLong()).as("case").isEqualTo(4);
        assertThat(json("/api/list/events?q=h-").get("total").asLong()).as("every host event").isEqualTo(12 + 4 + 4);
        assertThat(json("/api/list/events?q=CVE-B").get("total").asLong()).isEqualTo(1);
        assertThat(json("/api/list/events?q=cve-a&kind=resolved").get("total").asLong()).isEqualTo(4);
        // the release's hostile name is found by its start, and the search matches starts, not the middle of a name
        assertThat(json("/api/list/events?q=%3Cimg").get("total").asLong()).as("CVE-A, then CVE-B").isEqualTo(2);
        assertThat(json("/api/list/events?q=-1").get("total").asLong()).isZero();
        assertThat(json("/api/list/events?q=h_").get("total").asLong()).as("LIKE wildcards are text").isZero();
        assertThat(json("/api/list/events?q=%25").get("total").asLong()).isZero();
        // search, filter and severity sort together
        JsonNode worst = json("/api/list/events?q=h-1&severity=high&sort=severity&dir=desc");
        assertThat(column(worst, "severity")).containsExactly("critical", "critical", "high", "high");
        assertThat(column(worst, "subject")).containsOnly("h-10", "h-11");
    }

    @Test
    void shouldPageASearchMatchingBothKeysOnceInTheListsOrderInEitherDirection() throws Exception {
        build();
        // hosts named like advisory ids: their CVE events match the search on the subject and on the advisory
        for (String name : List.of("cve-h1", "CVE-H2")) {
            store.ingest(new HostReport(name, "production", "web", clock.instant(),
                    List.of(new PackageRef("pkg:maven/com.acme/lib-a", "maven", "com.acme:lib-a", "1.0"))));
        }
        List<MonitorStore.Exposure> third = new ArrayList<>();
        for (FleetStore.HostRow h : store.hosts(null)) {
            MonitorStore.Subject s = new MonitorStore.Subject(MonitorStore.Subject.HOST, h.id(), h.name(), h.environment());
            if (h.name().toLowerCase(java.util.Locale.ROOT).startsWith("cve")) {
                third.add(exposure(s, "CVE-D", "critical"));
                third.add(exposure(s, "GHSA-1", "low"));
            } else if (h.name().equals("h-05") || h.name().equals("h-09")) {
                third.add(exposure(s, "CVE-D", "medium"));
            }
        }
        clock.set(clock.instant().plus(Duration.ofHours(1)));
        store.monitor().recordPass(new MonitorStore.PassInput(clock.instant(), clock.instant(), "data-3", "data 3",
                clock.instant(), 14), third);
        boundedEventsList();
        for (String sort : List.of("id", "at", "severity", "subject")) {
            for (String dir : List.of("asc", "desc")) {
                String view = "sort=" + sort + "&dir=" + dir;
                // what the search must find, in the list's own order: the unsearched view, filtered here
                List<Long> expected = new ArrayList<>();
                int both = 0;
                for (JsonNode i : json("/api/list/events5?size=500&" + view).get("items")) {
                    boolean subject = i.get("subject").asText().toLowerCase(java.util.Locale.ROOT).startsWith("cve");
                    boolean advisory = i.get("advisory").asText().toLowerCase(java.util.Locale.ROOT).startsWith("cve");
                    if (subject || advisory) {
                        expected.add(i.get("id").asLong());
                    }
                    both += subject && advisory ? 1 : 0;
                }
                assertThat(both).as("rows matching on both keys").isGreaterThanOrEqualTo(2);
                assertThat(expected.size()).as("more than the bound of 5").isGreaterThan(10);
                List<Long> walked = new ArrayList<>();
                int pages = (expected.size() + 1) / 2;
                for (int p = 1; p <= pages; p++) {
                    JsonNode page = json("/api/list/events5?q=CVE&size=2&page=" + p + "&" + view);
                    page.get("items").forEach(i -> walked.add(i.get("id").asLong()));
                    long left = expected.size() - (p - 1) * 2L;
                    assertThat(page.get("more").asBoolean()).as(view + " page " + p).isEqualTo(left > 5);
                    assertThat(page.get("total").asLong()).as(view + " page " + p)
                            .isEqualTo(left > 5 ? (p - 1) * 2L + 5 : expected.size());
                }
                assertThat(walked).as(view).containsExactlyElementsOf(expected);
                assertThat(json("/api/list/events?q=cve&" + view).get("total").asLong()).isEqualTo(expected.size());
                String[] csv = get("/export/list/events.csv?q=cve&" + view).body().split("\r\n");
                assertThat(csv).as(view).hasSize(1 + expected.size());
            }
        }
    }

    /**
     * The prefix search at the edges of its key ranges (H2 reads them as {@code key >= q AND key < successor(q)}):
     * a key equal to the text, the successor's own key (wec for web), a shorter key, upper case in the key and in the
     * text, and LIKE's wildcards, which must be text. Read through the events list and through its bounded copy (5),
     * so that both the count over the ranges and, past the bound, the rows of the ordered scan are checked.
     */
    @Test
    void shouldFindExactlyTheKeysStartingWithTheTextAtTheEdgesOfTheirRange() throws Exception {
        build();
        List<String> names = List.of("we", "web", "web-1", "WEB_2", "web%3", "weba", "wec", "wea~");
        for (String name : names) {
            store.ingest(new HostReport(name, "production", "web", clock.instant(),
                    List.of(new PackageRef("pkg:maven/com.acme/lib-a", "maven", "com.acme:lib-a", "1.0"))));
        }
        List<MonitorStore.Exposure> edge = new ArrayList<>();
        for (FleetStore.HostRow h : store.hosts(null)) {
            if (names.contains(h.name())) {
                // the advisory key has edges of its own: ZZ-1 starts zz-1 and zz-, zz-2 is zz-1's successor
                edge.add(exposure(new MonitorStore.Subject(MonitorStore.Subject.HOST, h.id(), h.name(), h.environment()),
                        h.name().equals("we") ? "ZZ-1" : h.name().equals("wec") ? "zz-2" : "GHSA-" + h.name(), "high"));
            }
        }
        clock.set(clock.instant().plus(Duration.ofHours(1)));
        store.monitor().recordPass(new MonitorStore.PassInput(clock.instant(), clock.instant(), "data-3", "data 3",
                clock.instant(), 14), edge);
        boundedEventsList();
        Map<String, List<String>> expected = Map.of(
                "web", List.of("web", "web-1", "WEB_2", "web%3", "weba"),
                "WeB", List.of("web", "web-1", "WEB_2", "web%3", "weba"),
                "we", List.of("we", "web", "web-1", "WEB_2", "web%3", "weba", "wec", "wea~"),
                "web-1", List.of("web-1"),
                "web_", List.of("WEB_2"),
                "web%", List.of("web%3"),
                "wea", List.of("wea~"),
                "wec", List.of("wec"),
                "zz-1", List.of("we"),
                "ZZ-", List.of("we", "wec"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            for (String list : List.of("events", "events5")) {
                String q = io.releasegates.fleet.console.ListQuery.enc(e.getKey());
                JsonNode page = json("/api/list/" + list + "?size=500&q=" + q);
                assertThat(column(page, "subject")).as(list + " q=" + e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
                assertThat(page.get("more").asBoolean()).as(list + " q=" + e.getKey()).isEqualTo(list.equals("events5")
                        && e.getValue().size() > 5);
                List<Long> ids = new ArrayList<>();
                page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
                assertThat(ids).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
            }
        }
        // paged three at a time, each page cut from the union of the ranges at its offset; walked ten times, so that
        // each of the store's 8 pooled connections runs the same statement again for another page (H2 once answered
        // a repeated statement whose union branches had a LIMIT ? from the result of its last run)
        for (String list : List.of("events", "events5")) {
            List<Long> all = new ArrayList<>();
            json("/api/list/" + list + "?size=500&q=we").get("items").forEach(i -> all.add(i.get("id").asLong()));
            for (int walk = 0; walk < 10; walk++) {
                List<Long> walked = new ArrayList<>();
                for (int p = 1; p <= 3; p++) {
                    json("/api/list/" + list + "?size=3&q=we&page=" + p).get("items").forEach(i -> walked.add(i.get("id").asLong()));
                }
                assertThat(walked).as(list + " walk " + walk).hasSize(8).containsExactlyElementsOf(all);
            }
        }
    }

    @Test
    void shouldFilterFileAlertsByTheirHostsEnvironment() throws Exception {
        build();
        // h-01 and h-02 are production hosts with the three open alerts; h-03 (staging) has only a resolved one
        assertThat(json("/api/list/alerts?environment=production").get("total").asLong()).isEqualTo(3);
        assertThat(json("/api/list/alerts?environment=staging").get("total").asLong()).isZero();
        assertThat(column(json("/api/list/alerts?environment=staging&state=resolved"), "host")).containsExactly("h-03");
        assertThat(json("/api/list/alerts?environment=nowhere").get("total").asLong()).isZero();
        String[] csv = get("/export/list/alerts.csv?environment=production&severity=high").body().split("\r\n");
        assertThat(csv).hasSize(1 + 2);
        assertThat(csv[1] + csv[2]).contains("sudoers").contains("nginx.conf");
        String page = get("/alerts?environment=staging&state=resolved").body();
        assertThat(page).contains("name=\"environment\"").contains("<option value=\"staging\" selected>")
                .contains("data-count=\"1\"");
    }

    @Test
    void shouldListReleasesWithWhatTheLastPassFoundThemExposedTo() throws Exception {
        build();
        JsonNode releases = json("/api/list/releases");
        assertThat(releases.get("total").asLong()).isEqualTo(2);
        JsonNode newest = releases.get("items").get(0);
        assertThat(newest.get("release").asText()).isEqualTo("shop");
        assertThat(newest.get("exposures").asLong()).isZero();
        assertThat(newest.get("severity").isNull()).isTrue();
        JsonNode evil = releases.get("items").get(1);
        assertThat(evil.get("exposures").asLong()).isEqualTo(2);
        assertThat(evil.get("severity").asText()).isEqualTo("critical");
        assertThat(evil.get("advisories").asText()).isEqualTo("CVE-A, CVE-B");
        assertThat(json("/api/list/releases?exposed=critical").get("total").asLong()).isEqualTo(1);
        assertThat(json("/api/list/releases?exposed=any&environment=staging").get("total").asLong()).isZero();
        assertThat(column(json("/api/list/releases?sort=exposures&dir=desc"), "version")).containsExactly("1.0", "0.9");
        assertThat(json("/api/list/releases?q=shop").get("total").asLong()).isEqualTo(1);
        String page = get("/releases").body();
        assertThat(page).contains("CVE-A, CVE-B").contains("&lt;img src=x onerror=alert(3)&gt;").doesNotContain(EVIL);
    }

    @Test
    void shouldListOpenFileAlertsUnlessAnotherStateIsAsked() throws Exception {
        build();
        assertThat(json("/api/list/alerts").get("total").asLong()).isEqualTo(3);
        assertThat(json("/api/list/alerts?state=resolved").get("total").asLong()).isEqualTo(1);
        assertThat(column(json("/api/list/alerts?sort=severity&dir=desc"), "path")).containsExactly("sudoers", "nginx.conf", "=cmd|calc");
        assertThat(json("/api/list/alerts?host=h-01&severity=critical").get("total").asLong()).isEqualTo(1);
        String csv = get("/export/list/alerts.csv?q=cmd").body();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv.split("\r\n")[1]).contains(",\"'=cmd|calc\",");
        assertThat(get("/alerts").body()).contains("href=\"/alerts/h-01\"").contains("<option value=\"\">open</option>");
    }

    @Test
    void shouldKeepTheNewlyExposedPanelUntilTheNextPass() throws Exception {
        build();
        io.releasegates.fleet.monitor.MonitorViews views = new io.releasegates.fleet.monitor.MonitorViews(store, clock);
        // since the data update (pass 2): CVE-B on the release and CVE-C on h-08..h-11, still standing
        assertThat(views.newlyExposed().total()).isEqualTo(5);
        List<MonitorStore.Exposure> third = new ArrayList<>();
        store.monitor().exposures(null).values().forEach(third::addAll);
        third.removeIf(x -> x.subject().name().equals("h-11") && x.advisory().equals("CVE-C"));
        clock.set(clock.instant().plus(Duration.ofMinutes(5)));
        store.monitor().recordPass(new MonitorStore.PassInput(clock.instant(), clock.instant(), "data-2", "data 2",
                clock.instant(), 14), third);
        assertThat(views.newlyExposed().total()).as("a new pass is shown at once").isEqualTo(4);
        // no pass since: the kept panel is served, even with the event log emptied behind the store's back
        ((JdbcFleetStore) store).read(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM fleet_event");
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return null;
        });
        assertThat(views.newlyExposed().total()).isEqualTo(4);
        assertThat(new io.releasegates.fleet.monitor.MonitorViews(store, clock).newlyExposed().total()).isZero();
    }

    @Test
    void shouldExportEveryRowOfALongViewInTheListsOrder() throws Exception {
        build();
        List<FileAlert> many = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            many.add(alert("h-" + (i % 7), "conf-" + i, "open", i % 2 == 0 ? "high" : "low"));
        }
        store.recordAlerts(many);
        String[] lines = get("/export/list/alerts.csv?severity=high&sort=id&dir=asc&page=3&size=10").body().split("\r\n");
        // page and size do not cut an export: 617 of the new alerts are high, plus nginx.conf and sudoers
        assertThat(lines).hasSize(1 + 617 + 2);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            ids.add(Long.parseLong(lines[i].substring(0, lines[i].indexOf(','))));
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        assertThat(json("/api/list/alerts?severity=high").get("total").asLong()).isEqualTo(617 + 2);
    }

    @Test
    void shouldRefuseParametersTheMonitorListsDoNotKnow() {
        build();
        for (String bad : List.of("/api/list/events?kind=maybe", "/api/list/events?since=soon", "/events?sort=e.id",
                "/api/list/releases?exposed=very", "/api/list/alerts?state=closed", "/export/list/alerts.csv?colour=red")) {
            Response r = get(bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).startsWith("bad request: ").hasLineCount(1);
        }
    }
}
