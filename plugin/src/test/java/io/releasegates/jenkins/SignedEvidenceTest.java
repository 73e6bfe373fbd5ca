package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.Label;
import hudson.model.Result;
import io.releasegates.gate.GateRuleIds;
import io.releasegates.signing.SigningKey;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Signed evidence through real pipelines on a real agent: gate steps given {@code evidenceKey} sign what they record,
 * and a {@code promotionGate} given the same {@code key} judges it normally; without the steps' key it blocks.
 * Assertions read the verdict the gate recorded in the build (JSON), not the log.
 */
@WithJenkins
class SignedEvidenceTest {

    private static WorkflowJob job(JenkinsRule r, Path tmp, String war, String environment, String stepKey,
                                   String gateKey, String backups) throws Exception {
        Files.writeString(tmp.resolve("policy.yml"), PromotionGateStepTest.POLICY);
        r.createOnlineSlave(Label.get("gates"));
        WorkflowJob job = r.createProject(WorkflowJob.class);
        String pkg = PromotionGateStepTest.FIXTURES.resolve(war).toAbsolutePath().toString();
        job.setDefinition(new CpsFlowDefinition("node('gates') {\n"
                + "  inventoryDependencies path: '" + pkg + "'" + stepKey + "\n"
                + "  scanReleasePackage path: '" + pkg + "', osv: '" + PromotionGateStepTest.OSV + "'" + stepKey + "\n"
                + backups
                + "  promotionGate policy: '" + tmp.resolve("policy.yml") + "', environment: '" + environment
                + "', packageFile: '" + pkg + "', onBlock: 'fail'" + gateKey + "\n"
                + "}\n", true));
        return job;
    }

    /** The verdict the promotion gate recorded in the build directory. */
    private static JsonNode verdict(WorkflowRun build) throws Exception {
        GateReportAction gate = build.getActions(GateReportAction.class).stream().filter(a -> a.getId().equals("gate"))
                .findFirst().orElseThrow();
        File json = gate.sideFile("json");
        return new ObjectMapper().readTree(json);
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private static List<String> ruleIds(JsonNode verdict) {
        return values(verdict.path("conditions"), "ruleId");
    }

    @Test
    void shouldPassTheFixedReleaseWhenEveryStepSignsWithTheGatesKey(JenkinsRule r, @TempDir Path tmp) throws Exception {
        SigningKey key = SigningKey.generateEd25519();
        Path keyFile = tmp.resolve("evidence.pem");
        key.writePrivate(keyFile);
        Path backups = PromotionGateStepTest.backupSet(tmp.resolve("backups"), Instant.now());
        String withKey = ", evidenceKey: '" + keyFile + "'";
        WorkflowJob job = job(r, tmp, "sample-fixed.war", "production", withKey, ", key: '" + keyFile + "'",
                "  verifyBackups config: '" + backups + "'" + withKey + "\n");

        WorkflowRun build = r.buildAndAssertSuccess(job);

        JsonNode verdict = verdict(build);
        assertThat(verdict.path("status").asText()).isEqualTo("PASS");
        assertThat(values(verdict.path("evidence"), "gate")).containsExactlyInAnyOrder("inventory", "scan", "backups");
        // every evidence file was checked against the gate's key, and the verdict itself is signed with it
        assertThat(values(verdict.path("evidence"), "signedBy")).containsOnly(key.keyId());
        assertThat(verdict.path("signature").path("keyId").asText()).isEqualTo(key.keyId());
        assertThat(ruleIds(verdict)).doesNotContain(GateRuleIds.EVIDENCE_UNSIGNED, GateRuleIds.EVIDENCE_SIGNATURE);
        // the evidence the step recorded in the build carries the step's signature
        JsonNode scanEvidence = new ObjectMapper().readTree(build.getActions(GateReportAction.class).stream()
                .filter(a -> a.getId().equals("scan")).findFirst().orElseThrow().sideFile("json"));
        assertThat(scanEvidence.path("signature").path("keyId").asText()).isEqualTo(key.keyId());
        // the key's path may be logged, its content never
        String pem = Files.readString(keyFile);
        String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        assertThat(JenkinsRule.getLog(build)).doesNotContain(body);
    }

    @Test
    void shouldBlockTheVulnerableReleaseOnItsFindingsWhenTheEvidenceIsSigned(JenkinsRule r, @TempDir Path tmp)
            throws Exception {
        SigningKey key = SigningKey.generateHmac();
        Path keyFile = tmp.resolve("evidence.key");
        key.writePrivate(keyFile);
        WorkflowJob job = job(r, tmp, "sample-vulnerable.war", "staging", ", evidenceKey: '" + keyFile + "'",
                ", key: '" + keyFile + "'", "");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        JsonNode verdict = verdict(build);
        assertThat(verdict.path("status").asText()).isEqualTo("BLOCK");
        assertThat(values(verdict.path("evidence"), "signedBy")).hasSize(2).containsOnly(key.keyId());
        // blocked by the release's vulnerabilities (log4j-core 2.14.1 in the scan), not by the signatures
        List<String> blockedSubjects = new ArrayList<>();
        verdict.path("conditions").forEach(c -> {
            if (c.path("status").asText().equals("BLOCK") && c.path("gate").asText().equals("scan")) {
                blockedSubjects.add(c.path("subject").asText());
            }
        });
        assertThat(blockedSubjects).contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(ruleIds(verdict)).doesNotContain(GateRuleIds.EVIDENCE_UNSIGNED, GateRuleIds.EVIDENCE_SIGNATURE,
                GateRuleIds.EVIDENCE_MISSING);
        assertThat(JenkinsRule.getLog(build)).doesNotContain(Files.readString(keyFile).trim());
    }

    @Test
    void shouldBlockUnsignedEvidenceWhenThePromotionGateHasAKey(JenkinsRule r, @TempDir Path tmp) throws Exception {
        SigningKey key = SigningKey.generateHmac();
        Path keyFile = tmp.resolve("evidence.key");
        key.writePrivate(keyFile);
        // a release that passes with unsigned evidence and no key (PromotionGateStepTest): the key alone decides here
        WorkflowJob job = job(r, tmp, "sample-fixed.war", "staging", "", ", key: '" + keyFile + "'", "");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        JsonNode verdict = verdict(build);
        assertThat(verdict.path("status").asText()).isEqualTo("BLOCK");
        List<JsonNode> unsigned = new ArrayList<>();
        verdict.path("conditions").forEach(c -> {
            if (c.path("ruleId").asText().equals(GateRuleIds.EVIDENCE_UNSIGNED)) {
                unsigned.add(c);
            }
        });
        assertThat(unsigned).extracting(c -> c.path("status").asText()).containsOnly("BLOCK");
        // one per unsigned file the steps recorded (a refused file names itself, it has no gate to speak for)
        assertThat(unsigned).extracting(c -> c.path("evidence").asText())
                .containsExactlyInAnyOrder("inventory.json", "scan.json");
        assertThat(build.getActions(GateReportAction.class).stream().filter(a -> a.getId().equals("gate")).findFirst()
                .orElseThrow().getStatus()).isEqualTo("BLOCK");
    }

    @Test
    void shouldSignAndJudgeWithKeysFromSecretFileCredentialsThatNeverReachTheWorkspace(JenkinsRule r, @TempDir Path tmp)
            throws Exception {
        SigningKey key = SigningKey.generateEd25519();
        Path keyFile = tmp.resolve("held-by-jenkins.pem");
        key.writePrivate(keyFile);
        byte[] pem = Files.readAllBytes(keyFile);
        SystemCredentialsProvider.getInstance().getCredentials().add(new FileCredentialsImpl(CredentialsScope.GLOBAL,
                "evidence-key", "evidence signing key", "evidence.pem", SecretBytes.fromRawBytes(pem)));
        SystemCredentialsProvider.getInstance().save();
        Files.delete(keyFile);
        WorkflowJob job = job(r, tmp, "sample-fixed.war", "staging", ", evidenceKeyCredentialsId: 'evidence-key'",
                ", keyCredentialsId: 'evidence-key'", "");

        WorkflowRun build = r.buildAndAssertSuccess(job);

        JsonNode verdict = verdict(build);
        assertThat(verdict.path("status").asText()).isEqualTo("PASS");
        assertThat(values(verdict.path("evidence"), "signedBy")).hasSize(2).containsOnly(key.keyId());
        assertThat(verdict.path("signature").path("keyId").asText()).isEqualTo(key.keyId());
        String body = new String(pem, java.nio.charset.StandardCharsets.US_ASCII).lines()
                .filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        assertThat(JenkinsRule.getLog(build)).doesNotContain(body);
        // nothing the build left in the agent's workspace holds the key
        hudson.FilePath workspace = ((hudson.model.Slave) r.jenkins.getNodes().get(0)).getWorkspaceFor(job);
        for (hudson.FilePath f : workspace.list("**/*")) {
            assertThat(f.readToString()).as(f.getRemote()).doesNotContain(body);
        }
    }

    @Test
    void shouldFailTheStepNamingACredentialsIdTheBuildCannotUse(JenkinsRule r, @TempDir Path tmp) throws Exception {
        WorkflowJob job = job(r, tmp, "sample-fixed.war", "staging", ", evidenceKeyCredentialsId: 'no-such-key'", "",
                "");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        assertThat(build.getActions(GateReportAction.class)).isEmpty();
        r.assertLogContains("inventory: no Secret file credentials 'no-such-key' available to this build", build);
    }

    @Test
    void shouldFailTheStepBeforeItRunsWhenTheEvidenceKeyCanOnlyVerify(JenkinsRule r, @TempDir Path tmp)
            throws Exception {
        Path publicKey = tmp.resolve("evidence.pub");
        SigningKey.generateEd25519().writePublic(publicKey);
        r.createOnlineSlave(Label.get("gates"));
        WorkflowJob job = r.createProject(WorkflowJob.class);
        String pkg = PromotionGateStepTest.FIXTURES.resolve("sample-fixed.war").toAbsolutePath().toString();
        job.setDefinition(new CpsFlowDefinition("node('gates') {\n"
                + "  inventoryDependencies path: '" + pkg + "', evidenceKey: '" + publicKey + "'\n"
                + "}\n", true));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        // no evidence is recorded: an unsigned file must not stand in for the signed one the user asked for
        assertThat(build.getActions(GateReportAction.class)).isEmpty();
        r.assertLogContains("can only verify", build);
    }
}
