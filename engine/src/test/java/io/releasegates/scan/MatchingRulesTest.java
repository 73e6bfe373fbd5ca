package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Version ranges (OSV events, NVD CPE ranges) in Maven order, CVSS parsing, secret rules. */
class MatchingRulesTest {

    @Test
    void shouldEvaluateOsvEventsInMavenVersionOrder() {
        var log4j = new OsvAdvisory.Affected("org.apache.logging.log4j:log4j-core", List.of(List.of(
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.INTRODUCED, "2.0-beta9"),
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.FIXED, "2.12.2"),
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.INTRODUCED, "2.13.0"),
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.FIXED, "2.16.0"))), Set.of());
        assertThat(log4j.affects("2.14.1")).isTrue();
        assertThat(log4j.affects("2.0-beta9")).isTrue();
        assertThat(log4j.affects("2.0-beta8")).isFalse();
        assertThat(log4j.affects("2.12.2")).isFalse();
        assertThat(log4j.affects("2.16.0")).isFalse();
        assertThat(log4j.affects("2.17.1")).isFalse();
        var guava = new OsvAdvisory.Affected("com.google.guava:guava", List.of(List.of(
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.INTRODUCED, "0"),
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.LAST_AFFECTED, "31.1-jre"))), Set.of());
        assertThat(guava.affects("31.1-jre")).isTrue();
        assertThat(guava.affects("32.0.0-jre")).isFalse();
    }

    @Test
    void shouldEvaluateCpeRangesAndExactVersionsWithUpdates() {
        CpeRule range = new CpeRule("CVE-2021-42392", "h2database", "h2", "*", "*", "1.1.000", null, "2.0.204", null);
        assertThat(range.matches("2.0.202")).isTrue();
        assertThat(range.matches("2.0.204")).isTrue();
        assertThat(range.matches("2.0.206")).isFalse();
        assertThat(range.matches("2.2.224")).isFalse();
        CpeRule rc = new CpeRule("CVE-2021-44832", "apache", "log4j", "2.0", "rc1", null, null, null, null);
        assertThat(rc.matches("2.0-rc1")).isTrue();
        assertThat(rc.matches("2.0")).isFalse();
        CpeRule guava = new CpeRule("CVE-2023-2976", "google", "guava", "*", "*", null, null, null, "32.0.0");
        assertThat(guava.matches("31.1-jre")).isTrue();
        assertThat(guava.matches("32.1.3-jre")).isFalse();
        assertThat(guava.fixedIn()).isEqualTo("32.0.0");
    }

    @Test
    void shouldScoreCvssVectorsWithTheCalculator() {
        Cvss3 critical = Cvss3.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").orElseThrow();
        assertThat(critical.score()).isEqualTo(9.8);
        assertThat(critical.severity().label()).isEqualTo("critical");
        assertThat(Cvss3.parse("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N").orElseThrow().score()).isEqualTo(3.3);
        assertThat(Cvss3.parse("AV:N/AC:L/Au:N/C:P/I:P/A:P")).isEmpty();
        assertThat(Cvss3.parse("CVSS:3.1/garbage")).isEmpty();
    }

    @Test
    void shouldFindSecretsButNotPlaceholders() {
        var hits = SecretScanner.scan("application.yml", """
                spring:
                  datasource:
                    password: ${DB_PASSWORD}
                    username: shop
                api:
                  token: "{{ vault.token }}"
                  client-secret: s3cr3t-Value-42
                # password: commented-out-value
                """.getBytes());
        assertThat(hits).singleElement().satisfies(h -> {
            assertThat(h.rule()).isEqualTo(ScanRule.SECRET_PASSWORD);
            assertThat(h.key()).isEqualTo("client-secret");
            assertThat(h.masked()).doesNotContain("s3c").startsWith("*").contains("(15 chars)");
        });
    }

    @Test
    void shouldFindTokensKeysAndCredentialFiles() {
        assertThat(SecretScanner.scan(".npmrc", "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n".getBytes()))
                .extracting(SecretScanner.Hit::rule).containsExactly(ScanRule.SECRET_TOKEN);
        assertThat(SecretScanner.scan(".git-credentials", "https://bob:hunter2hunter2@github.com\n".getBytes()))
                .extracting(SecretScanner.Hit::rule).containsExactly(ScanRule.SECRET_CREDENTIAL_FILE);
        assertThat(SecretScanner.scan(".pypirc", "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJDAwMDAw\n".getBytes()))
                .extracting(SecretScanner.Hit::rule).containsExactly(ScanRule.SECRET_CREDENTIAL_FILE);
        assertThat(SecretScanner.scan("id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBk\n".getBytes()))
                .extracting(SecretScanner.Hit::rule).containsExactly(ScanRule.SECRET_PRIVATE_KEY);
        assertThat(SecretScanner.scan("README.txt", "see https://example.org/docs for the password policy\n".getBytes())).isEmpty();
    }

    @Test
    void shouldClassifyRiskyFileNames() {
        assertThat(ContentScanner.riskyRule("web.xml.orig")).contains(ScanRule.RISKY_BACKUP);
        assertThat(ContentScanner.riskyRule(".application.yml.swp")).contains(ScanRule.RISKY_BACKUP);
        assertThat(ContentScanner.riskyRule("application-dev-eu.yml")).contains(ScanRule.RISKY_DEV_PROFILE);
        assertThat(ContentScanner.riskyRule(".env.production")).contains(ScanRule.RISKY_ENV);
        assertThat(ContentScanner.riskyRule(".env.example")).isEmpty();
        assertThat(ContentScanner.riskyRule("application.yml")).isEmpty();
        assertThat(ContentScanner.riskyRule("core-js.min.js")).isEmpty();
    }
}
