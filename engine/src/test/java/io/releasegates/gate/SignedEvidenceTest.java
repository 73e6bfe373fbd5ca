package io.releasegates.gate;

import static io.releasegates.gate.Scenario.clean;
import static io.releasegates.gate.Scenario.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.Json;
import io.releasegates.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence bound to the step that wrote it: a gate with a key refuses edited, unsigned and foreign evidence. */
class SignedEvidenceTest {
    @TempDir
    Path tmp;

    private final SigningKey key = SigningKey.generateEd25519();

    private Scenario blockingScan(SigningKey k) {
        Scenario s = new Scenario(tmp).signWith(k).allClean();
        s.write(clean("scan").finding(finding("CVE-2021-44228", Severity.CRITICAL, "log4j-core")).build());
        return s;
    }

    private void editFindingsToEmpty(Path file) throws Exception {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(file.toFile());
        tree.putArray("findings");
        Files.writeString(file, Json.mapper().writeValueAsString(tree));
    }

    @Test
    void shouldBlockEvidenceWhoseFindingsWereEmptiedAfterTheStepSignedIt() throws Exception {
        Scenario s = blockingScan(key);
        assertThat(s.judge("production").status()).isEqualTo(Status.BLOCK);

        editFindingsToEmpty(s.evidence.resolve("scan.json"));
        Verdict v = s.judge("production");

        assertThat(v.status()).isEqualTo(Status.BLOCK);
        assertThat(v.reasons()).extracting(Condition::ruleId)
                .containsExactlyInAnyOrder(GateRuleIds.EVIDENCE_SIGNATURE, GateRuleIds.EVIDENCE_MISSING);
        assertThat(v.reasons()).filteredOn(c -> c.ruleId().equals(GateRuleIds.EVIDENCE_SIGNATURE)).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("scan.json").contains("changed after signing"));
        // the edited file never counts as evidence: the scan gate has none left
        assertThat(v.evidence()).extracting(Verdict.EvidenceRef::gate).doesNotContain("scan");
    }

    @Test
    void shouldRecordTheKeyEveryEvidenceFileWasVerifiedWith() {
        Verdict v = new Scenario(tmp).signWith(key).allClean().judge("production");

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.evidence()).hasSize(4).allSatisfy(e -> assertThat(e.signedBy()).isEqualTo(key.keyId()));
    }

    @Test
    void shouldBlockUnsignedEvidenceWhenTheGateHasAKey() throws Exception {
        Scenario unsigned = new Scenario(tmp).allClean();
        Verdict v = unsigned.signWith(key).judge("production");

        assertThat(v.status()).isEqualTo(Status.BLOCK);
        assertThat(v.reasons()).filteredOn(c -> c.ruleId().equals(GateRuleIds.EVIDENCE_UNSIGNED)).hasSize(4)
                .allSatisfy(c -> assertThat(c.reason()).contains("evidence is not signed").contains(key.keyId()));
        assertThat(v.reasons()).extracting(Condition::ruleId).containsOnly(GateRuleIds.EVIDENCE_UNSIGNED,
                GateRuleIds.EVIDENCE_MISSING);
    }

    @Test
    void shouldBlockEvidenceSignedWithAnotherKey() {
        Scenario s = new Scenario(tmp).signWith(SigningKey.generateEd25519()).allClean();
        Verdict v = s.signWith(key).judge("production");

        assertThat(v.status()).isEqualTo(Status.BLOCK);
        assertThat(v.reasons()).filteredOn(c -> c.ruleId().equals(GateRuleIds.EVIDENCE_SIGNATURE)).hasSize(4)
                .allSatisfy(c -> assertThat(c.reason()).contains("not with the given key " + key.keyId()));
        assertThat(v.evidence()).isEmpty();
    }

    @Test
    void shouldAcceptHmacSignedEvidenceWithTheSameSecret() {
        SigningKey hmac = SigningKey.generateHmac();
        Verdict v = new Scenario(tmp).signWith(hmac).allClean().judge("production");

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.evidence()).allSatisfy(e -> assertThat(e.signedBy()).startsWith("hmac-sha256:"));
    }
}
