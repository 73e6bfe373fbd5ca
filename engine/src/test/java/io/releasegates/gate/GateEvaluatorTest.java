package io.releasegates.gate;

import static io.releasegates.gate.Scenario.NOW;
import static io.releasegates.gate.Scenario.OTHER_SHA;
import static io.releasegates.gate.Scenario.PACKAGE_SHA;
import static io.releasegates.gate.Scenario.clean;
import static io.releasegates.gate.Scenario.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.Input;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class GateEvaluatorTest {
    @TempDir
    Path tmp;

    private Scenario scenario() {
        return new Scenario(tmp);
    }

    @Test
    void shouldPassWhenEveryRequiredGateHasFreshCleanEvidenceAboutThePackage() {
        Verdict v = scenario().allClean().judge("production");

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.reasons()).isEmpty();
        assertThat(v.packageSha256()).isEqualTo(PACKAGE_SHA);
        assertThat(v.requiredGates()).containsExactly("inventory", "scan", "backups", "integrity");
        assertThat(v.evidence()).extracting(Verdict.EvidenceRef::gate)
                .containsExactlyInAnyOrder("inventory", "scan", "backups", "integrity");
        assertThat(v.conditions()).extracting(Condition::ruleId).contains(GateRuleIds.PACKAGE_MATCH,
                GateRuleIds.EVIDENCE_FRESH, GateRuleIds.DATA_FRESH, GateRuleIds.FINDINGS_SUMMARY);
    }

    @Test
    void shouldWarnOnFindingBetweenWarnAndBlockThresholds() {
        Verdict v = scenario().allClean()
                .write(clean("scan").finding(finding("RG-SCAN-RISKY-DEV-PROFILE", Severity.MEDIUM, "application-dev.yml"))
                        .build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.WARN);
        assertThat(v.reasons()).singleElement().satisfies(c -> {
            assertThat(c.gate()).isEqualTo("scan");
            assertThat(c.ruleId()).isEqualTo("RG-SCAN-RISKY-DEV-PROFILE");
            assertThat(c.threshold()).isEqualTo("warn-at: medium");
            assertThat(c.evidence()).isEqualTo("scan.json");
        });
    }

    @Test
    void shouldBlockOnFindingAtBlockThresholdNamingGateRuleFindingAndThreshold() {
        Verdict v = scenario().allClean()
                .write(clean("scan").finding(finding("CVE-2022-42889", Severity.CRITICAL,
                        "pkg:maven/org.apache.commons/commons-text@1.9")).build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.BLOCK);
        Condition reason = v.reasons().get(0);
        assertThat(reason.describe()).contains("BLOCK scan CVE-2022-42889 pkg:maven/org.apache.commons/commons-text@1.9")
                .contains("found CVE-2022-42889").contains("[block-at: high]");
        assertThat(reason.severity()).isEqualTo("critical");
    }

    @Test
    void shouldLeaveFindingsBelowWarnThresholdOutOfTheVerdict() {
        Verdict v = scenario().allClean()
                .write(clean("scan").finding(finding("RG-SCAN-X", Severity.LOW, "thing")).build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.conditions()).filteredOn(c -> c.ruleId().equals(GateRuleIds.FINDINGS_SUMMARY) && c.gate().equals("scan"))
                .singleElement().extracting(Condition::reason).asString().contains("1 below warn-at medium");
    }

    @Test
    void shouldBlockOnBlocklistedCveWhateverItsSeverityAlsoByAlias() {
        Verdict byId = scenario().allClean()
                .write(clean("scan").finding(finding("CVE-2021-44228", Severity.LOW, "log4j")).build())
                .judge("production");
        assertThat(byId.status()).isEqualTo(Status.BLOCK);
        assertThat(byId.reasons()).singleElement().extracting(Condition::threshold).isEqualTo("block: CVE-2021-44228");

        Verdict byAlias = scenario()
                .write(clean("scan").finding(io.releasegates.report.Finding.builder("GHSA-jfh8-c2jp-5v3q", Severity.INFO)
                        .subject("log4j").property("aliases", "CVE-2021-44228, GHSA-xxxx").build()).build())
                .judge("staging");
        assertThat(byAlias.status()).isEqualTo(Status.BLOCK);
        assertThat(byAlias.reasons()).singleElement().extracting(Condition::ruleId).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    }

    @Test
    void shouldIgnoreRulesOnTheIgnoreList() {
        Verdict v = scenario().allClean()
                .write(clean("scan").finding(finding("RG-SCAN-UNMATCHED", Severity.HIGH, "acme")).build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.conditions()).extracting(Condition::reason).anySatisfy(r -> assertThat(r).contains("1 ignored by policy"));
    }

    @Test
    void shouldApplyAnActiveWaiverAndRecordOwnerReasonAndExpiry() {
        Verdict v = scenario().allClean()
                .write(clean("scan").finding(finding("CVE-2022-1471", Severity.HIGH, "pkg:maven/org.yaml/snakeyaml@1.33"))
                        .build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.waived()).isEqualTo(1);
        assertThat(v.conditions()).filteredOn(c -> c.ruleId().equals("CVE-2022-1471")).singleElement()
                .satisfies(c -> assertThat(c.waiver()).isEqualTo(
                        "waiver by alice@shop.example until 2026-12-31: we never parse untrusted YAML"));
    }

    @Test
    void shouldNotApplyAWaiverToAnotherSubject() {
        Verdict v = scenario().allClean()
                .write(clean("scan").finding(finding("CVE-2022-1471", Severity.HIGH, "pkg:maven/com.other/yaml@1.0"))
                        .build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.BLOCK);
        assertThat(v.reasons()).singleElement().extracting(Condition::waiver).isEqualTo("");
    }

    @Test
    void shouldNotApplyAnExpiredWaiverAndReportItItself() {
        Verdict v = scenario().policy(Scenario.POLICY + Scenario.EXPIRED_WAIVER).allClean()
                .write(clean("scan").finding(finding("CVE-2022-22965", Severity.CRITICAL,
                        "pkg:maven/org.springframework/spring-beans@5.3.17")).build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.BLOCK);
        assertThat(v.reasons()).singleElement().satisfies(c -> {
            assertThat(c.ruleId()).isEqualTo("CVE-2022-22965");
            assertThat(c.waiver()).startsWith("NOT applied: waiver by bob@shop.example until 2026-11-01");
        });
        assertThat(v.conditions()).filteredOn(c -> c.ruleId().equals(GateRuleIds.WAIVER_EXPIRED)).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(Status.WARN);
                    assertThat(c.reason()).contains("CVE-2022-22965").contains("expired on 2026-11-01");
                });
    }

    @Test
    void shouldReportAnExpiredWaiverEvenWhenNothingMatchesIt() {
        Verdict v = scenario().policy(Scenario.POLICY + Scenario.EXPIRED_WAIVER).allClean().judge("production");

        assertThat(v.status()).isEqualTo(Status.WARN);
        assertThat(v.reasons()).singleElement().satisfies(c -> {
            assertThat(c.ruleId()).isEqualTo(GateRuleIds.WAIVER_EXPIRED);
            assertThat(c.waiver()).contains("bob@shop.example").contains("not deployed on JDK 9+");
        });
    }

    @Test
    void shouldApplyAWaiverThroughItsExpiryDay() {
        String lastDay = Scenario.POLICY + Scenario.EXPIRED_WAIVER.replace("2026-11-01", "2026-11-28");
        Verdict v = scenario().policy(lastDay).allClean()
                .write(clean("scan").finding(finding("CVE-2022-22965", Severity.CRITICAL, "spring-beans")).build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.waived()).isEqualTo(1);
    }

    @Test
    void shouldRequireOnlyTheGatesOfTheEnvironment() {
        Scenario s = scenario().write(clean("scan").build())
                .write(clean("backups").finding(finding("RG-BAK-STALE", Severity.HIGH, "orders-db")).build());

        Verdict staging = s.judge("staging");
        assertThat(staging.status()).isEqualTo(Status.PASS);
        assertThat(staging.conditions()).filteredOn(c -> c.gate().equals("backups")).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(Status.SKIPPED);
                    assertThat(c.ruleId()).isEqualTo(GateRuleIds.NOT_REQUIRED);
                });

        Verdict production = s.judge("production");
        assertThat(production.status()).isEqualTo(Status.BLOCK);
        assertThat(production.reasons()).extracting(Condition::ruleId)
                .contains("RG-BAK-STALE", GateRuleIds.EVIDENCE_MISSING);
        assertThat(production.reasons()).filteredOn(c -> c.ruleId().equals(GateRuleIds.EVIDENCE_MISSING))
                .extracting(Condition::gate).containsExactlyInAnyOrder("inventory", "integrity");
    }

    @Test
    void shouldUseGateSpecificSeverityThresholds() {
        Verdict v = scenario().allClean()
                .write(clean("backups").finding(finding("RG-BAK-FEW", Severity.MEDIUM, "orders-db")).build())
                .judge("production");

        assertThat(v.status()).isEqualTo(Status.BLOCK);
        assertThat(v.reasons()).singleElement().extracting(Condition::threshold).isEqualTo("block-at: medium");
    }

    @Test
    void shouldRefuseAnEnvironmentThePolicyDoesNotDefine() {
        Scenario s = scenario().allClean();

        assertThatThrownBy(() -> s.judge("prod")).isInstanceOf(BadInputException.class)
                .hasMessage("policy.yml: unknown environment 'prod' (the policy defines: production, staging)");
    }

    @Test
    void shouldTakeThePackageFromTheEvidenceWhenNoneIsGivenAndTheyAgree() {
        Verdict v = scenario().allClean().judge("production", null);

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.packageSha256()).isEqualTo(PACKAGE_SHA);
        assertThat(v.packagePath()).isEqualTo("shop.war");
    }

    /** Each way the evidence can be untrustworthy blocks on its own, with its own rule id. */
    @TestFactory
    Stream<DynamicTest> shouldFailClosed() {
        return Stream.of(
                failClosed("missing evidence for a required gate", GateRuleIds.EVIDENCE_MISSING,
                        s -> deleteEvidence(s, "integrity.json"), PACKAGE_SHA),
                failClosed("unreadable evidence", GateRuleIds.EVIDENCE_UNREADABLE,
                        s -> writeRaw(s, "broken.json", "{\"schema\": \"release-gates/evidence/v1\", \"gate\": "),
                        PACKAGE_SHA),
                failClosed("evidence that does not match its schema", GateRuleIds.EVIDENCE_UNREADABLE,
                        s -> writeRaw(s, "odd.json", "{\"schema\": \"release-gates/evidence/v1\", \"findings\": 3}"),
                        PACKAGE_SHA),
                failClosed("unknown-schema evidence", GateRuleIds.EVIDENCE_SCHEMA,
                        s -> writeRaw(s, "scan-v2.json", "{\"schema\": \"release-gates/evidence/v2\", \"gate\": \"scan\"}"),
                        PACKAGE_SHA),
                failClosed("evidence with errors", GateRuleIds.EVIDENCE_INCOMPLETE,
                        s -> s.write(clean("scan").error("osv data unreadable: osv.zip").build()), PACKAGE_SHA),
                failClosed("evidence about another package than --package", GateRuleIds.PACKAGE_MISMATCH,
                        s -> s.write(clean("inventory").build()), OTHER_SHA),
                failClosed("evidence files about different packages", GateRuleIds.PACKAGE_INCONSISTENT,
                        s -> s.write(GateReportCopy.withPackage(clean("scan"), OTHER_SHA)), null),
                failClosed("package-bound evidence that names no package", GateRuleIds.PACKAGE_UNNAMED,
                        s -> s.write(io.releasegates.report.GateReport.builder("inventory")
                                .generatedAt(NOW.minusSeconds(60)).build()), PACKAGE_SHA),
                failClosed("evidence older than allowed", GateRuleIds.EVIDENCE_STALE,
                        s -> s.write(clean("backups").generatedAt(NOW.minus(Duration.ofHours(25))).build()), PACKAGE_SHA),
                failClosed("evidence from the future", GateRuleIds.EVIDENCE_FUTURE,
                        s -> s.write(clean("backups").generatedAt(NOW.plus(Duration.ofHours(2))).build()), PACKAGE_SHA),
                failClosed("vulnerability data older than allowed", GateRuleIds.DATA_STALE,
                        s -> s.write(clean("scan").dataAsOf("osv", NOW.minus(Duration.ofDays(8))).build()), PACKAGE_SHA),
                failClosed("evidence that does not tell its data age", GateRuleIds.DATA_AGE_UNKNOWN,
                        s -> s.write(io.releasegates.report.GateReport.builder("scan").generatedAt(NOW.minusSeconds(60))
                                .input(new Input("package", "shop.war", PACKAGE_SHA)).build()), PACKAGE_SHA),
                failClosed("two evidence files for one gate", GateRuleIds.EVIDENCE_DUPLICATE,
                        s -> s.write("scan-again.json", clean("scan").build()), PACKAGE_SHA));
    }

    private DynamicTest failClosed(String name, String ruleId, Consumer<Scenario> spoil, String expectedSha) {
        return DynamicTest.dynamicTest(name, () -> {
            Path dir = Files.createTempDirectory(tmp, "case");
            Scenario s = new Scenario(dir).allClean();
            spoil.accept(s);

            Verdict v = s.judge("production", expectedSha);

            assertThat(v.status()).as(name).isEqualTo(Status.BLOCK);
            assertThat(v.reasons()).as(name).extracting(Condition::ruleId).containsOnly(ruleId);
            assertThat(v.reasons()).allSatisfy(c -> assertThat(c.reason()).isNotBlank());
        });
    }

    private static void deleteEvidence(Scenario s, String file) {
        try {
            Files.delete(s.evidence.resolve(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeRaw(Scenario s, String file, String content) {
        try {
            Files.writeString(s.evidence.resolve(file), content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Builds a clean report whose package input names another hash. */
    private static final class GateReportCopy {
        static io.releasegates.report.GateReport withPackage(io.releasegates.report.GateReport.Builder b, String sha) {
            io.releasegates.report.GateReport r = b.build();
            return new io.releasegates.report.GateReport(r.gate(), r.toolVersion(), r.generatedAt(), r.title(),
                    List.of(new Input("package", "other.war", sha)), r.dataAsOf(), r.subjects(), r.findings(),
                    r.errors(), r.summary());
        }
    }
}
