package io.releasegates.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exposed paths against real local servers: each planted one found by its content, none on clean or soft-404 sites. */
class ProbeExposureTest {
    private static final String INDEX = "<!doctype html><html><head><title>Shop</title></head><body>"
            + "<a href=\"/products\">Products</a> <a href='/about'>About</a> <a href=\"https://elsewhere.example/\">x</a>"
            + "</body></html>";

    static GateReport probe(TestSite site) {
        return Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500).build());
    }

    @Test
    void shouldFindEveryPlantedExposureByItsContent() throws Exception {
        Map<String, TestSite.Reply> routes = new LinkedHashMap<>();
        Map<String, ProbeRule> planted = new LinkedHashMap<>();
        plant(routes, planted, "/.git/HEAD", TestSite.Reply.text("ref: refs/heads/main\n"), ProbeRule.EXPOSED_VCS);
        plant(routes, planted, "/.git/config", TestSite.Reply.text("[core]\n\trepositoryformatversion = 0\n\tbare = false\n"), ProbeRule.EXPOSED_VCS);
        plant(routes, planted, "/.svn/entries", TestSite.Reply.text("12\n"), ProbeRule.EXPOSED_VCS);
        plant(routes, planted, "/.hg/requires", TestSite.Reply.text("dotencode\nfncache\nrevlogv1\nstore\n"), ProbeRule.EXPOSED_VCS);
        plant(routes, planted, "/.env", TestSite.Reply.text("APP_ENV=production\nDB_PASSWORD=s3cret-value\nAPI_KEY=abc123\n"), ProbeRule.EXPOSED_CONFIG);
        plant(routes, planted, "/application.yml", TestSite.Reply.text("spring:\n  datasource:\n    url: jdbc:postgresql://db/shop\n"), ProbeRule.EXPOSED_CONFIG);
        plant(routes, planted, "/WEB-INF/web.xml", new TestSite.Reply(200, Map.of("Content-Type", "application/xml"),
                "<?xml version=\"1.0\"?><web-app version=\"4.0\"></web-app>".getBytes(StandardCharsets.UTF_8)), ProbeRule.EXPOSED_CONFIG);
        plant(routes, planted, "/actuator", TestSite.Reply.json("{\"_links\":{\"self\":{\"href\":\"/actuator\"}}}"), ProbeRule.EXPOSED_ACTUATOR);
        plant(routes, planted, "/actuator/env", TestSite.Reply.json("{\"activeProfiles\":[\"prod\"],\"propertySources\":[]}"), ProbeRule.EXPOSED_ACTUATOR);
        plant(routes, planted, "/jolokia", TestSite.Reply.json("{\"request\":{\"type\":\"version\"},\"value\":{\"agent\":\"1.7.2\"},\"status\":200}"), ProbeRule.EXPOSED_ACTUATOR);
        plant(routes, planted, "/actuator/heapdump", TestSite.Reply.bytes(("JAVA PROFILE 1.0.2\0" + "\0\0\0\u0008").getBytes(StandardCharsets.ISO_8859_1)), ProbeRule.EXPOSED_HEAP_DUMP);
        plant(routes, planted, "/server-status", TestSite.Reply.html("<html><head><title>Apache Status</title></head><body><h1>Apache Server Status for shop.example</h1></body></html>", Map.of()), ProbeRule.EXPOSED_STATUS_PAGE);
        plant(routes, planted, "/.DS_Store", TestSite.Reply.bytes(new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1', 0, 0, 16, 0}), ProbeRule.EXPOSED_DS_STORE);
        plant(routes, planted, "/dump.sql", TestSite.Reply.text("-- MySQL dump 10.13\n\nCREATE TABLE `customers` (\n  `id` int NOT NULL\n);\n"), ProbeRule.EXPOSED_BACKUP);
        plant(routes, planted, "/backup.zip", TestSite.Reply.bytes(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}), ProbeRule.EXPOSED_BACKUP);
        plant(routes, planted, "/index.php.bak", TestSite.Reply.text("<?php require 'config.php'; ?>"), ProbeRule.EXPOSED_BACKUP);
        plant(routes, planted, "/uploads/", TestSite.Reply.html("<html><head><title>Index of /uploads</title></head><body><h1>Index of /uploads</h1><a href=\"a.pdf\">a.pdf</a></body></html>", Map.of()), ProbeRule.DIRECTORY_LISTING);
        routes.put("/", TestSite.Reply.html(INDEX, TestSite.GOOD_HEADERS));
        try (TestSite site = TestSite.http(routes, TestSite.Reply.notFound())) {
            GateReport report = probe(site);

            assertThat(report.errors()).isEmpty();
            for (Map.Entry<String, ProbeRule> p : planted.entrySet()) {
                String url = site.origin() + p.getKey();
                assertThat(report.findings()).as("planted %s", p.getKey())
                        .anySatisfy(f -> {
                            assertThat(f.ruleId()).isEqualTo(p.getValue().id());
                            assertThat(f.location()).isEqualTo(url);
                            assertThat(f.subject()).isEqualTo(site.origin());
                        });
            }
            assertThat(report.findings()).filteredOn(f -> f.ruleId().startsWith("RG-PROBE-EXPOSED") || f.ruleId().equals(ProbeRule.DIRECTORY_LISTING.id()))
                    .hasSize(planted.size());
            // the .env's values are evidence of the leak, never repeated in the report
            assertThat(report.findings()).allSatisfy(f -> assertThat(f.message()).doesNotContain("s3cret-value"));
            assertThat(site.seen()).allSatisfy(s -> assertThat(s.method()).isEqualTo("GET"));
            assertThat(site.seen()).noneMatch(s -> s.path().contains("elsewhere"));
        }
    }

    @Test
    void shouldReportNothingAtMediumOrAboveForACleanSite() throws Exception {
        Map<String, TestSite.Reply> routes = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>(TestSite.GOOD_HEADERS);
        headers.put("Set-Cookie", "SESSION=abc; Path=/; Secure; HttpOnly; SameSite=Lax");
        routes.put("/", TestSite.Reply.html(INDEX, headers));
        routes.put("/products", TestSite.Reply.html("<html><body><a href=\"/\">home</a> <a href=\"/products?page=2\">2</a></body></html>", TestSite.GOOD_HEADERS));
        routes.put("/about", TestSite.Reply.html("<html><body>About us, our .git history and .env story</body></html>", TestSite.GOOD_HEADERS));
        try (TestSite site = TestSite.http(routes, TestSite.Reply.notFound())) {
            GateReport report = probe(site);

            assertThat(report.errors()).isEmpty();
            assertThat(report.findings()).filteredOn(f -> f.severity().isAtLeast(Severity.MEDIUM)).isEmpty();
            assertThat(report.summary()).containsEntry("pages", 4L);
            assertThat(report.subjects()).containsExactly(site.origin());
        }
    }

    @Test
    void shouldRaiseNoExposedPathAlarmOnASiteAnsweringTwoHundredForEveryPath() throws Exception {
        TestSite.Reply index = TestSite.Reply.html(INDEX, TestSite.GOOD_HEADERS);
        try (TestSite site = TestSite.http(Map.of(), index)) {
            GateReport report = probe(site);

            assertThat(exposures(report)).isEmpty();
            assertThat(report.findings()).anySatisfy(f -> assertThat(f.ruleId()).isEqualTo(ProbeRule.SOFT_NOT_FOUND.id()));
            assertThat(site.seen()).anySatisfy(s -> assertThat(s.path()).isEqualTo("/.git/HEAD"));
        }
        // a single-page app shell answering 200 with plain text, as some frameworks' catch-all routes do
        try (TestSite site = TestSite.http(Map.of(), TestSite.Reply.text("OK"))) {
            assertThat(exposures(probe(site))).isEmpty();
        }
    }

    @Test
    void shouldJudgeByContentNotStatusWhenAPathAnswersTwoHundredWithSomethingElse() throws Exception {
        Map<String, TestSite.Reply> routes = new LinkedHashMap<>();
        routes.put("/", TestSite.Reply.html(INDEX, TestSite.GOOD_HEADERS));
        // 200 but not what the path would hold: an HTML login page at .env, a JSON error at the actuator
        routes.put("/.env", TestSite.Reply.html("<html><body>Please log in</body></html>", Map.of()));
        routes.put("/actuator/env", TestSite.Reply.json("{\"error\":\"forbidden\"}"));
        routes.put("/.git/HEAD", new TestSite.Reply(403, Map.of(), "ref: refs/heads/main".getBytes(StandardCharsets.UTF_8)));
        try (TestSite site = TestSite.http(routes, TestSite.Reply.notFound())) {
            assertThat(exposures(probe(site))).isEmpty();
        }
    }

    private static List<Finding> exposures(GateReport report) {
        return report.findings().stream().filter(f -> f.ruleId().startsWith("RG-PROBE-EXPOSED")
                || f.ruleId().equals(ProbeRule.DIRECTORY_LISTING.id())).toList();
    }

    private static void plant(Map<String, TestSite.Reply> routes, Map<String, ProbeRule> planted, String path,
                              TestSite.Reply reply, ProbeRule rule) {
        routes.put(path, reply);
        planted.put(path, rule);
    }
}
