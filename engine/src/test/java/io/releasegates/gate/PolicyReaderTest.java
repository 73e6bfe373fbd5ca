package io.releasegates.gate;

import io.releasegates.duration.Ages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PolicyReaderTest {
    private static Policy parse(String yaml) {
        return PolicyReader.parse("policy.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEveryPartOfAPolicy() {
        Policy p = parse(Scenario.POLICY);

        assertThat(p.maxEvidenceAge()).isEqualTo(Duration.ofHours(24));
        assertThat(p.environments()).containsEntry("production", PolicyReader.ALL_GATES)
                .containsEntry("staging", java.util.List.of("scan"));
        Policy.GateRules scan = p.rulesFor("scan");
        assertThat(scan.blockAt()).isEqualTo(Severity.HIGH);
        assertThat(scan.warnAt()).isEqualTo(Severity.MEDIUM);
        assertThat(scan.block()).containsExactly("CVE-2021-44228");
        assertThat(scan.ignore()).containsExactly("RG-SCAN-UNMATCHED");
        assertThat(scan.maxDataAge()).isEqualTo(Duration.ofDays(7));
        assertThat(scan.aboutPackage()).isTrue();
        assertThat(p.rulesFor("backups").blockAt()).isEqualTo(Severity.MEDIUM);
        assertThat(p.rulesFor("backups").aboutPackage()).isFalse();
        assertThat(p.rulesFor("integrity")).isEqualTo(Policy.GateRules.defaults("integrity"));
        assertThat(p.waivers()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("CVE-2022-1471");
            assertThat(w.owner()).isEqualTo("alice@shop.example");
            assertThat(w.expires()).isEqualTo(LocalDate.of(2026, 12, 31));
        });
    }

    @Test
    void shouldReadThePolicyShippedWithTheDemo() {
        Path demo = Path.of(System.getProperty("releasegates.fixtureSources"), "demo", "policy.yml");

        Policy p = PolicyReader.read(demo);

        assertThat(p.environments()).containsKeys("production", "staging");
        assertThat(p.environments().get("production")).containsAll(PolicyReader.ALL_GATES);
        assertThat(p.environments().get("staging")).containsExactly("scan");
    }

    @Test
    void shouldParseDurationsAsPeopleWriteThem() {
        assertThat(Map.of("90m", Ages.parse("90m"), "24h", Ages.parse("24h"), "7d", Ages.parse("7d"),
                "2w", Ages.parse("2w"), "PT1H", Ages.parse("PT1H")))
                .containsEntry("90m", Duration.ofMinutes(90)).containsEntry("24h", Duration.ofHours(24))
                .containsEntry("7d", Duration.ofDays(7)).containsEntry("2w", Duration.ofDays(14))
                .containsEntry("PT1H", Duration.ofHours(1));
        assertThat(Ages.format(Duration.ofHours(75))).isEqualTo("3d 3h");
        assertThat(Ages.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Ages.format(Duration.ofMinutes(90))).isEqualTo("1h 30m");
    }

    /** A typo must never loosen a gate: every malformed policy is refused with the key named. */
    @TestFactory
    Stream<DynamicTest> shouldRefuseInvalidPolicies() {
        return Stream.of(
                invalid("unknown top-level key", "environments: {production: all}\nwaviers: []\n",
                        "policy.yml:2: waviers: unknown key"),
                invalid("unknown gate key", "environments: {production: all}\ngates: {scan: {blok: [X]}}\n",
                        "policy.yml:2: gates.scan.blok: unknown key"),
                invalid("no environments", "gates: {}\n", "policy.yml: environments: at least one environment"),
                invalid("bad severity", "environments: {production: all}\ngates: {scan: {block-at: severe}}\n",
                        "policy.yml:2: gates.scan.block-at: unknown severity 'severe'"),
                invalid("warn above block", "environments: {production: all}\ngates: {scan: {block-at: medium, warn-at: high}}\n",
                        "policy.yml:2: gates.scan.warn-at: warn-at high is above block-at medium"),
                invalid("bad duration", "environments: {production: all}\nmax-evidence-age: soon\n",
                        "policy.yml:2: max-evidence-age: not a duration 'soon'"),
                invalid("waiver without owner", "environments: {production: all}\nwaivers:\n"
                        + "  - {rule: CVE-1, reason: r, expires: 2027-01-01}\n", "policy.yml:3: waivers[0].owner: is required"),
                invalid("waiver without reason", "environments: {production: all}\nwaivers:\n"
                        + "  - {rule: CVE-1, owner: o, expires: 2027-01-01}\n", "policy.yml:3: waivers[0].reason: is required"),
                invalid("waiver without expiry", "environments: {production: all}\nwaivers:\n"
                        + "  - {rule: CVE-1, owner: o, reason: r}\n", "policy.yml:3: waivers[0].expires: is required"),
                invalid("waiver with a bad date", "environments: {production: all}\nwaivers:\n"
                        + "  - {rule: CVE-1, owner: o, reason: r, expires: next year}\n",
                        "policy.yml:3: waivers[0].expires: not a date 'next year'"),
                invalid("unknown schema", "schema: release-gates/policy/v9\nenvironments: {production: all}\n",
                        "policy.yml:1: schema: unknown policy schema"),
                invalid("not YAML", "environments: [unclosed\n", "policy.yml:1: not valid YAML"),
                invalid("not a mapping", "- a\n- b\n", "policy.yml: the policy must be a YAML mapping"));
    }

    private static DynamicTest invalid(String name, String yaml, String messageStart) {
        return DynamicTest.dynamicTest(name, () -> assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(messageStart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
    }

    @Test
    void shouldNameAMissingPolicyFile() {
        assertThatThrownBy(() -> PolicyReader.read(Path.of("no/such/policy.yml")))
                .isInstanceOf(BadInputException.class).hasMessage("no/such/policy.yml: policy file not found");
    }
}
