package io.releasegates.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CadencePolicyTest {
    static final Instant RELEASED = Instant.parse("2026-11-10T12:00:00Z");
    static final String POLICY = """
            default-tier: indirect
            rules:
              - name: edge packages
                tier: not-serving
                packages: ["openssh-*", "libssl*"]
                roles: [web]
              - name: application framework
                tier: direct
                purls: ["pkg:maven/org.springframework/*"]
                agreed:
                  production: 2026-12-01
                  staging: 2026-11-20
              - name: batch hosts
                tier: not-serving
                roles: [batch]
            """;

    final CadencePolicy policy = CadencePolicy.parse(POLICY, "test");

    private Compliance judge(String key, String type, String name, String role, String env, Instant now) {
        return CadencePolicy.judge(policy.assign(key, type, name, role, env), RELEASED, now);
    }

    @Test
    void shouldGiveNotServingComponentsOneDay() {
        String key = "pkg:deb/debian/openssh-server";
        assertThat(judge(key, "deb", "openssh-server", "web", "production", RELEASED.plus(Duration.ofDays(1))))
                .isEqualTo(Compliance.WITHIN_POLICY);
        assertThat(judge(key, "deb", "openssh-server", "web", "production", RELEASED.plus(Duration.ofDays(1)).plusSeconds(1)))
                .isEqualTo(Compliance.OUT_OF_POLICY);
        // the role restricts the rule: on a db host the same package falls back to the default (indirect)
        assertThat(policy.assign(key, "deb", "openssh-server", "db", "production").tier()).isEqualTo(Tier.INDIRECT);
    }

    @Test
    void shouldGiveIndirectComponentsSevenDays() {
        String key = "pkg:maven/com.google.guava/guava";
        assertThat(policy.assign(key, "maven", "com.google.guava:guava", "web", "production").tier()).isEqualTo(Tier.INDIRECT);
        assertThat(judge(key, "maven", "com.google.guava:guava", "web", "production", RELEASED.plus(Duration.ofDays(7))))
                .isEqualTo(Compliance.WITHIN_POLICY);
        assertThat(judge(key, "maven", "com.google.guava:guava", "web", "production",
                RELEASED.plus(Duration.ofDays(7)).plusSeconds(1))).isEqualTo(Compliance.OUT_OF_POLICY);
    }

    @Test
    void shouldHoldDirectComponentsToTheAgreedDatePerEnvironment() {
        String key = "pkg:maven/org.springframework/spring-core";
        String name = "org.springframework:spring-core";
        assertThat(policy.assign(key, "maven", name, "web", "production").agreedDate()).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(judge(key, "maven", name, "web", "production", Instant.parse("2026-12-01T23:59:59Z")))
                .isEqualTo(Compliance.WITHIN_POLICY);
        assertThat(judge(key, "maven", name, "web", "production", Instant.parse("2026-12-02T00:00:00Z")))
                .isEqualTo(Compliance.OUT_OF_POLICY);
        assertThat(judge(key, "maven", name, "web", "staging", Instant.parse("2026-11-20T12:00:00Z")))
                .isEqualTo(Compliance.WITHIN_POLICY);
        assertThat(judge(key, "maven", name, "web", "staging", Instant.parse("2026-11-21T00:00:00Z")))
                .isEqualTo(Compliance.OUT_OF_POLICY);
        assertThat(judge(key, "maven", name, "web", "qa", Instant.parse("2026-11-11T00:00:00Z")))
                .isEqualTo(Compliance.NO_AGREED_DATE);
    }

    @Test
    void shouldCallTheNewestVersionCurrentWhateverTheTier() {
        assertThat(CadencePolicy.judge(policy.assign("pkg:deb/debian/libssl3", "deb", "libssl3", "web", "production"),
                null, RELEASED.plus(Duration.ofDays(400)))).isEqualTo(Compliance.CURRENT);
    }

    @Test
    void shouldMatchRolesAndOsPackageNamesOnlyForOsPackages() {
        assertThat(policy.assign("pkg:maven/x/libssl-java", "maven", "x:libssl-java", "web", "production").tier())
                .isEqualTo(Tier.INDIRECT);
        assertThat(policy.assign("pkg:maven/x/y", "maven", "x:y", "batch", "production").rule()).isEqualTo("batch hosts");
    }

    @Test
    void shouldLoadTheDocumentedExample() {
        Path doc = Path.of(System.getProperty("releasegates.fixtureSources", "../test-fixtures")).resolve("../docs/fleet-cadence.example.yml");
        CadencePolicy example = CadencePolicy.load(doc);
        assertThat(example.assign("pkg:deb/debian/openssl", "deb", "openssl", "web", "production").tier()).isEqualTo(Tier.NOT_SERVING);
    }

    @Test
    void shouldRejectUnknownKeysAndTiersWithTheFileName() {
        assertThatThrownBy(() -> CadencePolicy.parse("rules:\n  - tier: weekly\n", "cadence.yml"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cadence.yml").hasMessageContaining("weekly");
        assertThatThrownBy(() -> CadencePolicy.parse("rulez: []\n", "cadence.yml"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("rulez");
        assertThatThrownBy(() -> CadencePolicy.parse("rules:\n  - tier: indirect\n    agreed: {production: 2026-01-01}\n", "c.yml"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("direct");
    }
}
