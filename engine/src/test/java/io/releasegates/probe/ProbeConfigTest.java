package io.releasegates.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.gate.EvidenceSet;
import io.releasegates.gate.GateEvaluator;
import io.releasegates.gate.EvidenceFiles;
import io.releasegates.gate.Policy;
import io.releasegates.gate.PolicyReader;
import io.releasegates.gate.Status;
import io.releasegates.gate.Verdict;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** probe.yml: strict reading, actions, exceptions with expiry, and the promotion gate on a probe report. */
class ProbeConfigTest {
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path yaml(String text) throws Exception {
        Path file = dir.resolve("probe.yml");
        Files.writeString(file, text);
        return file;
    }

    /** A site missing only its Content-Security-Policy (a medium finding) and its Referrer-Policy (low). */
    private static TestSite site() throws Exception {
        Map<String, String> headers = Map.of("X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY");
        return TestSite.http(Map.of("/", TestSite.Reply.html("<html><body>shop</body></html>", headers)), TestSite.Reply.notFound());
    }

    private static GateReport probe(TestSite site, ProbeConfig config) {
        return Prober.probe(ProbeRequest.builder(List.of(site.url())).requestsPerSecond(500).config(config).clock(CLOCK).build());
    }

    @Test
    void shouldRefuseUnknownKeysActionsAndRulesNamingTheKey() throws Exception {
        assertThatThrownBy(() -> ProbeConfigReader.read(yaml("rulez:\n  RG-PROBE-CSP-MISSING: FAIL\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("probe.yml:1: rulez: unknown key");
        assertThatThrownBy(() -> ProbeConfigReader.read(yaml("rules:\n  RG-PROBE-CSP-MISSING: BLOCK\n")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("rules.RG-PROBE-CSP-MISSING: unknown action 'BLOCK' (expected WARN, FAIL or IGNORE)");
        assertThatThrownBy(() -> ProbeConfigReader.read(yaml("rules:\n  RG-PROBE-CSP-MISING: FAIL\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("rules.RG-PROBE-CSP-MISING: unknown probe rule");
        assertThatThrownBy(() -> ProbeConfigReader.read(yaml("exceptions:\n  - rule: RG-PROBE-CSP-MISSING\n    url: 'http://x/*'\n"
                + "    owner: web\n    reason: legacy page\n    expires: 2026-12-31\n    until: never\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("exceptions[0].until: unknown key");
        assertThatThrownBy(() -> ProbeConfigReader.read(yaml("exceptions:\n  - rule: RG-PROBE-CSP-MISSING\n    url: 'http://x/*'\n"
                + "    reason: legacy page\n    expires: 2026-12-31\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("exceptions[0].owner: is required");
        assertThatThrownBy(() -> ProbeConfigReader.read(yaml("exceptions:\n  - rule: RG-PROBE-CSP-MISSING\n    url: 'http://x/*'\n"
                + "    owner: web\n    reason: legacy page\n    expires: soon\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("exceptions[0].expires: 'soon' is not a date");
    }

    @Test
    void shouldApplyFailWarnAndIgnoreActions() throws Exception {
        ProbeConfig config = ProbeConfigReader.read(yaml("schema: release-gates/probe/v1\nrules:\n"
                + "  RG-PROBE-REFERRER-POLICY-MISSING: FAIL\n  RG-PROBE-CSP-MISSING: IGNORE\n  RG-PROBE-SOFT-*: WARN\n"));
        try (TestSite site = site()) {
            GateReport plain = probe(site, ProbeConfig.defaults());
            assertThat(severity(plain, ProbeRule.REFERRER_POLICY_MISSING)).isEqualTo(Severity.LOW);
            assertThat(severity(plain, ProbeRule.CSP_MISSING)).isEqualTo(Severity.MEDIUM);

            GateReport configured = probe(site, config);
            assertThat(severity(configured, ProbeRule.REFERRER_POLICY_MISSING)).isEqualTo(Severity.HIGH);
            assertThat(configured.findings()).noneMatch(f -> f.ruleId().equals(ProbeRule.CSP_MISSING.id()));
            assertThat(configured.summary()).containsEntry("ignored", 1L);
            assertThat(configured.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.REFERRER_POLICY_MISSING.id()))
                    .singleElement().satisfies(f -> assertThat(f.properties()).containsEntry("action", "FAIL")
                            .containsEntry("ruleSeverity", "low"));
            assertThat(configured.inputs()).anySatisfy(i -> assertThat(i.role()).isEqualTo("probe-config"));
        }
    }

    @Test
    void shouldExceptAFindingAtItsUrlUntilTheExceptionExpires() throws Exception {
        try (TestSite site = site()) {
            String url = site.origin() + "/*";
            ProbeConfig config = ProbeConfigReader.read(yaml("exceptions:\n"
                    + "  - rule: RG-PROBE-CSP-MISSING\n    url: '" + url + "'\n    owner: team-web\n    reason: CSP rollout in Q3\n    expires: 2026-06-30\n"
                    + "  - rule: RG-PROBE-REFERRER-POLICY-MISSING\n    url: '" + url + "'\n    owner: team-web\n    reason: old\n    expires: 2026-05-01\n"
                    + "  - rule: RG-PROBE-CSP-MISSING\n    url: 'https://other.example/*'\n    owner: team-web\n    reason: other site\n    expires: 2026-12-31\n"));
            GateReport report = probe(site, config);

            assertThat(report.findings()).noneMatch(f -> f.ruleId().equals(ProbeRule.CSP_MISSING.id()));
            assertThat(report.summary()).containsEntry("excepted", 1L);
            // the expired one excepts nothing and is reported itself
            assertThat(report.findings()).anySatisfy(f -> assertThat(f.ruleId()).isEqualTo(ProbeRule.REFERRER_POLICY_MISSING.id()));
            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals(ProbeRule.EXCEPTION_EXPIRED.id())).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("expired 2026-05-01").contains("reported again"));
        }
    }

    @Test
    void shouldBlockPromotionOnAFindingOfAFailRule() throws Exception {
        ProbeConfig config = ProbeConfigReader.read(yaml("rules:\n  RG-PROBE-REFERRER-POLICY-MISSING: FAIL\n  RG-PROBE-CSP-MISSING: IGNORE\n"));
        Path evidence = Files.createDirectories(dir.resolve("evidence"));
        Policy policy = PolicyReader.parse("policy.yml", ("schema: release-gates/policy/v1\nenvironments:\n  production:\n"
                + "    require: [probe]\ngates:\n  probe:\n    block-at: high\n    warn-at: medium\n").getBytes(StandardCharsets.UTF_8));
        try (TestSite site = site()) {
            EvidenceFiles.write(probe(site, ProbeConfig.defaults()), null, evidence.resolve("probe.json"));
            Verdict defaults = judge(policy, evidence);
            assertThat(defaults.status()).as("CSP missing is medium: a warning only").isEqualTo(Status.WARN);

            EvidenceFiles.write(probe(site, config), null, evidence.resolve("probe.json"));
            Verdict failing = judge(policy, evidence);
            assertThat(failing.status()).isEqualTo(Status.BLOCK);
            assertThat(failing.reasons()).anySatisfy(c -> {
                assertThat(c.status()).isEqualTo(Status.BLOCK);
                assertThat(c.ruleId()).isEqualTo(ProbeRule.REFERRER_POLICY_MISSING.id());
                assertThat(c.location()).isEqualTo(site.origin() + "/");
            });
        }
    }

    private static Verdict judge(Policy policy, Path evidence) {
        return GateEvaluator.evaluate(new GateEvaluator.Request(policy, "policy.yml", "p".repeat(64), EvidenceSet.load(evidence),
                "production", null, Instant.now()));
    }

    private static Severity severity(GateReport report, ProbeRule rule) {
        return report.findings().stream().filter(f -> f.ruleId().equals(rule.id())).map(Finding::severity).findFirst().orElseThrow();
    }
}
