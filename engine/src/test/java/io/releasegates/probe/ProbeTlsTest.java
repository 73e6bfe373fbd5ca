package io.releasegates.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS of local HTTPS servers with certificates made at test time, and one server still offering TLS 1.0. */
class ProbeTlsTest {
    @TempDir
    Path dir;

    private static TestSite site(Path keystore) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(TestSite.GOOD_HEADERS);
        headers.put("Set-Cookie", "SESSION=1; Path=/; HttpOnly; SameSite=Strict");
        return TestSite.https(Map.of("/", TestSite.Reply.html("<html><body>shop</body></html>", headers)), TestSite.Reply.notFound(), keystore);
    }

    private static List<String> rules(GateReport report) {
        return report.findings().stream().map(Finding::ruleId).toList();
    }

    @Test
    void shouldReportASelfSignedCertificateThatExpiresSoonAndACookieWithoutSecure() throws Exception {
        Path store = TestCertificates.make(dir, "soon", "localhost", "ip:127.0.0.1,dns:localhost", 5, 2048);
        try (TestSite site = site(store)) {
            GateReport report = Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500).build());

            assertThat(rules(report)).contains(ProbeRule.CERT_SELF_SIGNED.id(), ProbeRule.CERT_EXPIRING.id(),
                    ProbeRule.COOKIE_NOT_SECURE.id());
            assertThat(rules(report)).doesNotContain(ProbeRule.CERT_HOSTNAME_MISMATCH.id(), ProbeRule.CERT_WEAK_KEY.id(),
                    ProbeRule.CERT_EXPIRED.id(), ProbeRule.TLS_OLD_PROTOCOL.id(), ProbeRule.HSTS_MISSING.id());
            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.CERT_EXPIRING.id())).singleElement()
                    .satisfies(f -> assertThat(f.location()).isEqualTo(site.origin()));
            // the content checks still ran over the untrusted connection
            assertThat(report.summary().get("pages")).isEqualTo(1L);
        }
    }

    @Test
    void shouldNotReportExpiryOutsideTheWarningPeriod() throws Exception {
        Path store = TestCertificates.make(dir, "year", "localhost", "ip:127.0.0.1", 365, 2048);
        try (TestSite site = site(store)) {
            GateReport report = Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500).build());
            assertThat(rules(report)).doesNotContain(ProbeRule.CERT_EXPIRING.id(), ProbeRule.CERT_EXPIRED.id(),
                    ProbeRule.CERT_HOSTNAME_MISMATCH.id());
            assertThat(rules(report)).contains(ProbeRule.CERT_SELF_SIGNED.id());
        }
    }

    @Test
    void shouldReportAWrongHostnameAWeakKeyAndAnExpiredCertificate() throws Exception {
        Path store = TestCertificates.make(dir, "wrong", "wrong.example", "dns:wrong.example", 5, 1024, "-10d");
        try (TestSite site = site(store)) {
            GateReport report = Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500).build());

            assertThat(rules(report)).contains(ProbeRule.CERT_HOSTNAME_MISMATCH.id(), ProbeRule.CERT_WEAK_KEY.id(),
                    ProbeRule.CERT_EXPIRED.id());
            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.CERT_WEAK_KEY.id())).singleElement()
                    .satisfies(f -> assertThat(f.properties()).containsEntry("keyBits", "1024"));
        }
    }

    @Test
    void shouldWithholdTheExtraHeadersFromAServerWhoseCertificateIsNotTrusted() throws Exception {
        Path store = TestCertificates.make(dir, "self", "localhost", "ip:127.0.0.1", 365, 2048);
        try (TestSite site = site(store)) {
            GateReport report = Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500)
                    .header("Authorization", "Bearer never-to-an-untrusted-server").build());

            assertThat(site.seen()).isNotEmpty().noneMatch(s -> s.headers().containsKey("authorization"));
            assertThat(report.errors()).singleElement().satisfies(e -> assertThat(e).contains("[Authorization]")
                    .doesNotContain("never-to-an-untrusted-server"));
        }
    }

    @Test
    void shouldFindTlsOneZeroAndOneOneOfferedByTheServer() throws Exception {
        Path store = TestCertificates.make(dir, "old", "localhost", "ip:127.0.0.1", 365, 2048);
        Path security = dir.resolve("old-tls.security");
        // the JDK 17 default list without TLSv1 and TLSv1.1
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, "
                + "EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + security, "-cp", System.getProperty("java.class.path"),
                OldTlsServer.class.getName(), store.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the old-TLS server's port").startsWith("PORT ");
            URI url = URI.create("https://127.0.0.1:" + line.substring(5).trim() + "/");

            GateReport report = Prober.probe(ProbeRequest.builder(List.of(url)).requestsPerSecond(500).maxPages(1).build());

            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.TLS_OLD_PROTOCOL.id()))
                    .extracting(f -> f.properties().get("protocol")).containsExactlyInAnyOrder("TLSv1", "TLSv1.1");
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroy();
            }
        }
    }

    @Test
    void shouldNotReportOldProtocolsOfAServerWithTheJdkDefaults() throws Exception {
        Path store = TestCertificates.make(dir, "new", "localhost", "ip:127.0.0.1", 365, 2048);
        try (TestSite site = site(store)) {
            URI origin = URI.create(site.origin());
            assertThat(TlsChecks.accepts("127.0.0.1", origin.getPort(), 0x0301, null)).isFalse();
            assertThat(TlsChecks.accepts("127.0.0.1", origin.getPort(), 0x0302, null)).isFalse();
            // and the hello itself is sound: the same server takes it at TLS 1.2
            assertThat(TlsChecks.accepts("127.0.0.1", origin.getPort(), 0x0303, null)).isTrue();
        }
    }
}
