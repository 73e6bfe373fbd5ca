package io.releasegates.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers, CORS, cookies, banners and error pages of a badly configured local site; what the probe itself sends. */
class ProbeHeadersTest {
    static final String STACK_TRACE = "<html><body><h1>HTTP Status 500</h1><pre>java.lang.IllegalStateException: no cart\n"
            + "\tat com.shop.web.CartController.show(CartController.java:42)\n"
            + "\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n</pre></body></html>";

    static TestSite badSite() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Server", "Apache/2.4.49 (Unix)");
        headers.put("X-Powered-By", "PHP/7.4.3");
        headers.put("Set-Cookie", "SESSION=4f2a9c; Path=/\ntheme=dark; Path=/; HttpOnly; SameSite=Lax");
        headers.put("Access-Control-Allow-Origin", "$ORIGIN");
        headers.put("Access-Control-Allow-Credentials", "true");
        Map<String, TestSite.Reply> routes = new LinkedHashMap<>();
        routes.put("/", TestSite.Reply.html("<html><body><a href=\"/cart\">cart</a></body></html>", headers));
        routes.put("/cart", new TestSite.Reply(500, Map.of("Content-Type", "text/html"), STACK_TRACE.getBytes(StandardCharsets.UTF_8)));
        return TestSite.http(routes, TestSite.Reply.notFound());
    }

    @Test
    void shouldReportMissingHeadersPermissiveCorsWeakCookiesBannersAndStackTraces() throws Exception {
        try (TestSite site = badSite()) {
            GateReport report = Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500)
                    .dataDir(Path.of("target/no-nvd-data")).build());

            List<String> rules = report.findings().stream().map(Finding::ruleId).toList();
            assertThat(rules).contains(ProbeRule.CSP_MISSING.id(), ProbeRule.CONTENT_TYPE_OPTIONS_MISSING.id(),
                    ProbeRule.FRAMING_UNRESTRICTED.id(), ProbeRule.REFERRER_POLICY_MISSING.id(),
                    ProbeRule.CORS_ANY_ORIGIN_CREDENTIALS.id(), ProbeRule.ERROR_DETAILS.id());
            // plain HTTP: HSTS and Secure mean nothing there
            assertThat(rules).doesNotContain(ProbeRule.HSTS_MISSING.id(), ProbeRule.COOKIE_NOT_SECURE.id());
            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.COOKIE_NOT_HTTPONLY.id()))
                    .singleElement().satisfies(f -> assertThat(f.properties()).containsEntry("cookie", "SESSION"));
            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.COOKIE_NO_SAMESITE.id()))
                    .extracting(f -> f.properties().get("cookie")).containsExactly("SESSION");
            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.BANNER_VERSION.id()))
                    .extracting(f -> f.properties().get("product") + " " + f.properties().get("version"))
                    .containsExactlyInAnyOrder("Apache 2.4.49", "PHP 7.4.3");
            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.ERROR_DETAILS.id()))
                    .singleElement().satisfies(f -> {
                        assertThat(f.location()).isEqualTo(site.origin() + "/cart");
                        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
                    });
            // no NVD data: the banner is reported as a leak and says it was not matched, never as clean
            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.BANNER_VERSION.id()))
                    .allSatisfy(f -> assertThat(f.message()).contains("not matched against advisories"));
            assertThat(report.findings()).allSatisfy(f -> assertThat(f.message()).doesNotContain("4f2a9c"));
        }
    }

    @Test
    void shouldSendItsUserAgentAndTheExtraHeadersAndOnlyGetRequests() throws Exception {
        try (TestSite site = badSite()) {
            Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500)
                    .header("Authorization", "Bearer staging-token").dataDir(Path.of("target/no-nvd-data")).build());

            assertThat(site.seen()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.method()).isEqualTo("GET");
                assertThat(s.headers().get("user-agent")).startsWith("release-gates-probe/");
                assertThat(s.headers()).containsEntry("authorization", "Bearer staging-token");
            });
            assertThat(site.seen()).filteredOn(s -> s.headers().containsKey("origin")).singleElement()
                    .satisfies(s -> assertThat(s.headers().get("origin")).isEqualTo(HeaderChecks.FOREIGN_ORIGIN));
        }
    }

    @Test
    void shouldKeepToTheRequestRate() throws Exception {
        try (TestSite site = TestSite.http(Map.of("/", TestSite.Reply.html("<html></html>", TestSite.GOOD_HEADERS)),
                TestSite.Reply.notFound())) {
            Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(20).build());

            List<TestSite.Seen> seen = site.seen();
            assertThat(seen).hasSizeGreaterThan(30);
            double seconds = (seen.get(seen.size() - 1).nanos() - seen.get(0).nanos()) / 1e9;
            assertThat(seconds).as("%d requests at 20/s", seen.size()).isGreaterThanOrEqualTo((seen.size() - 1) / 20.0 * 0.95);
        }
    }

    @Test
    void shouldStopTheCrawlAtItsPageLimitAndSayThatItDid() throws Exception {
        Map<String, TestSite.Reply> routes = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            routes.put(i == 0 ? "/" : "/p" + i, TestSite.Reply.html("<html><body><a href=\"/p" + (i + 1) + "\">next</a></body></html>",
                    TestSite.GOOD_HEADERS));
        }
        try (TestSite site = TestSite.http(routes, TestSite.Reply.notFound())) {
            GateReport report = Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500).maxPages(10).build());

            assertThat(report.summary()).containsEntry("pages", 10L);
            assertThat(report.findings()).anySatisfy(f -> assertThat(f.ruleId()).isEqualTo(ProbeRule.CRAWL_LIMIT.id()));
            assertThat(site.seen()).noneMatch(s -> s.path().equals("/p10"));
        }
    }

    @Test
    void shouldMapTheBannerVersionToItsCvesThroughTheNvdData(@TempDir Path dataDir) throws Exception {
        Path records = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories", "nvd");
        try (TestSite site = badSite()) {
            GateReport report = Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500)
                    .nvdRecords(records).dataDir(dataDir).build());

            List<Finding> cves = report.findings().stream().filter(f -> f.ruleId().equals(ProbeRule.BANNER_VULNERABLE.id())).toList();
            assertThat(cves).extracting(f -> f.properties().get("advisory")).containsExactlyInAnyOrder("CVE-2021-41773", "CVE-2021-42013");
            assertThat(cves).allSatisfy(f -> {
                assertThat(f.properties().get("cpe")).startsWith("cpe:2.3:a:apache:http_server:2.4.49");
                assertThat(f.location()).isEqualTo(site.origin() + "/");
            });
            assertThat(cves).filteredOn(f -> f.properties().get("advisory").equals("CVE-2021-42013"))
                    .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
            assertThat(cves).filteredOn(f -> f.properties().get("advisory").equals("CVE-2021-41773"))
                    .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
            assertThat(report.dataAsOf()).containsKey("nvd");
        }
    }
}
