package io.releasegates.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.gate.GateRequest;
import io.releasegates.gate.PromotionGate;
import io.releasegates.gate.Status;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.EvidenceJson;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.report.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromotionTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String POLICY = """
            schema: release-gates/policy/v1
            max-evidence-age: 24h
            environments:
              production:
                require: [inventory, scan]
              staging:
                require: [scan]
            gates:
              scan:
                block-at: high
                warn-at: medium
            """;

    @TempDir
    Path dir;
    Path policy;
    Path pkg;
    String pkgSha;

    @BeforeEach
    void setUp() throws Exception {
        policy = Files.writeString(dir.resolve("policy.yml"), POLICY);
        pkg = Files.writeString(dir.resolve("shop.war"), "not really a war");
        pkgSha = Digests.sha256(pkg);
    }

    private byte[] evidence(String gate, Finding... findings) {
        GateReport.Builder b = GateReport.builder(gate).title(gate + " of shop.war").generatedAt(NOW.minusSeconds(60))
                .input(new Input("package", pkg.toString(), pkgSha)).subject("pkg:maven/org.yaml/snakeyaml@1.33");
        for (Finding f : findings) {
            b.finding(f);
        }
        return EvidenceJson.render(b.build()).getBytes(StandardCharsets.UTF_8);
    }

    private Promotion judge(String environment, Map<String, byte[]> run, Path evidenceDir, Path key) throws Exception {
        return judge(request(environment, run, evidenceDir).keyFile(key));
    }

    /** As the plugin's promotionGate builds it: this run's evidence gathered into work/, verdict files in out/. */
    private GateRequest.Builder request(String environment, Map<String, byte[]> run, Path evidenceDir) {
        return GateRequest.builder(policy, environment).runEvidence(run, dir.resolve("work")).evidenceDir(evidenceDir)
                .packageFile(pkg).verdictFiles(dir.resolve("out"), "gate").now(NOW);
    }

    private static Promotion judge(GateRequest.Builder builder) throws Exception {
        GateRequest request = builder.build();
        return Promotion.of(request, PromotionGate.judge(request));
    }

    @Test
    void shouldPassCleanEvidenceOfThisBuildAndWriteEveryVerdictFile() throws Exception {
        Promotion p = judge("production", Map.of("inventory.json", evidence("inventory"), "scan.json", evidence("scan")),
                null, null);

        assertThat(p.status()).isEqualTo("PASS");
        assertThat(p.outputs().passed()).isTrue();
        assertThat(p.reasons()).isEmpty();
        assertThat(p.outputs().counts()).containsEntry("block", 0L);
        assertThat(p.outputs().title()).isEqualTo("Promotion to production");
        assertThat(p.outputs().files()).containsEntry("json", "gate.json").containsEntry("html", "gate.html")
                .containsEntry("junit", "gate.junit.xml");
        assertThat(dir.resolve("out/gate.json")).content().contains("release-gates/verdict/v1");
        assertThat(dir.resolve("out/gate.html")).content().contains("PASS");
        assertThat(dir.resolve("out/gate.junit.xml")).content().contains("<testsuite");
    }

    @Test
    void shouldBlockOnAHighFindingWithAReadableReason() throws Exception {
        Finding cve = Finding.builder("CVE-2022-1471", Severity.HIGH).subject("pkg:maven/org.yaml/snakeyaml@1.33")
                .message("SnakeYAML deserialization").build();

        Promotion p = judge("staging", Map.of("scan.json", evidence("scan", cve)), null, null);

        assertThat(p.verdict().status()).isEqualTo(Status.BLOCK);
        assertThat(p.outputs().passed()).isFalse();
        assertThat(p.outputs().counts().get("block")).isPositive();
        assertThat(p.reasons()).anySatisfy(r -> assertThat(r).contains("CVE-2022-1471"));
    }

    @Test
    void shouldFailClosedWhenARequiredGateHasNoEvidence() throws Exception {
        Promotion p = judge("production", Map.of("scan.json", evidence("scan")), null, null);

        assertThat(p.status()).isEqualTo("BLOCK");
        assertThat(p.reasons()).anySatisfy(r -> assertThat(r).contains("RG-GATE-EVIDENCE-MISSING").contains("inventory"));
    }

    @Test
    void shouldNeverLendStaleEvidenceLeftInAReusedWorkspace() throws Exception {
        Files.createDirectories(dir.resolve("work"));
        Files.write(dir.resolve("work/inventory.json"), evidence("inventory"));

        Promotion p = judge("production", Map.of("scan.json", evidence("scan")), null, null);

        assertThat(p.status()).isEqualTo("BLOCK");
        assertThat(dir.resolve("work/inventory.json")).doesNotExist();
    }

    @Test
    void shouldAddEvidenceFilesFromAFolderUnderTheirOwnNames() throws Exception {
        Path extra = Files.createDirectories(dir.resolve("evidence"));
        Files.write(extra.resolve("inventory.json"), evidence("inventory"));

        Promotion p = judge("production", Map.of("scan.json", evidence("scan")), extra, null);

        assertThat(p.status()).isEqualTo("PASS");
        assertThat(dir.resolve("work/file-inventory.json")).exists();
        assertThat(p.outputs().summary()).containsEntry("evidence", 2L);
    }

    @Test
    void shouldSignTheVerdictWhenGivenAKey() throws Exception {
        io.releasegates.signing.SigningKey key = io.releasegates.signing.SigningKey.generateHmac();
        key.writePrivate(dir.resolve("verdict.key"));

        judge("staging", Map.of("scan.json", evidence("scan")), null, dir.resolve("verdict.key"));

        assertThat(dir.resolve("out/gate.json")).content().contains("\"signature\"").contains(key.keyId());
    }

    @Test
    void shouldPassOnlyEvidenceTheStepsSignedWithTheGatesKey() throws Exception {
        io.releasegates.signing.SigningKey key = io.releasegates.signing.SigningKey.generateEd25519();
        key.writePrivate(dir.resolve("ci.pem"));
        GateReport scan = GateReport.builder("scan").generatedAt(NOW.minusSeconds(60))
                .input(new Input("package", pkg.toString(), pkgSha)).build();
        // the step facade signs with the key, as the plugin's steps do when given one
        StepOutputs.write(scan, dir.resolve("steps"), "scan", Severity.HIGH, key);
        byte[] signed = Files.readAllBytes(dir.resolve("steps/scan.json"));

        assertThat(judge("staging", Map.of("scan.json", signed), null, dir.resolve("ci.pem")).status())
                .isEqualTo("PASS");

        Promotion unsigned = judge("staging", Map.of("scan.json", evidence("scan")), null, dir.resolve("ci.pem"));
        assertThat(unsigned.status()).isEqualTo("BLOCK");
        assertThat(unsigned.reasons()).anySatisfy(r -> assertThat(r).contains("RG-GATE-EVIDENCE-UNSIGNED"));

        byte[] edited = new String(signed, StandardCharsets.UTF_8).replace("\"title\" : \"scan\"", "\"title\" : \"ok\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(edited).isNotEqualTo(signed);
        Promotion forged = judge("staging", Map.of("scan.json", edited), null, dir.resolve("ci.pem"));
        assertThat(forged.reasons()).anySatisfy(r -> assertThat(r).contains("RG-GATE-EVIDENCE-SIGNATURE"));
    }

    /**
     * The plugin gives the loaded key as null when the key is a file (no credential): the file's key must still sign
     * the verdict and check the evidence. It once did not, and a keyed gate passed unsigned evidence.
     */
    @Test
    void shouldUseTheRequestsKeyFileWhenNoLoadedKeyIsGiven() throws Exception {
        io.releasegates.signing.SigningKey key = io.releasegates.signing.SigningKey.generateHmac();
        key.writePrivate(dir.resolve("gate.key"));
        Promotion unsigned = judge(request("staging", Map.of("scan.json", evidence("scan")), null)
                .key(null).keyFile(dir.resolve("gate.key")));

        assertThat(unsigned.status()).isEqualTo("BLOCK");
        assertThat(unsigned.reasons()).anySatisfy(r -> assertThat(r).contains("RG-GATE-EVIDENCE-UNSIGNED"));
        assertThat(dir.resolve("out/gate.json")).content().contains(key.keyId());
    }

    @Test
    void shouldJudgeWithAKeyGivenAsContentExactlyAsWithItsFile() throws Exception {
        io.releasegates.signing.SigningKey key = io.releasegates.signing.SigningKey.generateEd25519();
        key.writePrivate(dir.resolve("ci.pem"));
        GateReport scan = GateReport.builder("scan").generatedAt(NOW.minusSeconds(60))
                .input(new Input("package", pkg.toString(), pkgSha)).build();
        StepOutputs.write(scan, dir.resolve("steps"), "scan", Severity.HIGH, key);
        byte[] signed = Files.readAllBytes(dir.resolve("steps/scan.json"));
        // what a CI secret store hands over: the key file's bytes, never a path
        io.releasegates.signing.SigningKey fromSecret = io.releasegates.signing.SigningKey.parse(
                Files.readAllBytes(dir.resolve("ci.pem")), "credentials 'ci-key'");
        Promotion p = judge(request("staging", Map.of("scan.json", signed), null).key(fromSecret).keyFile(null));

        assertThat(p.status()).isEqualTo("PASS");
        assertThat(p.verdict().evidence()).extracting(e -> e.signedBy()).containsExactly(key.keyId());
        assertThat(dir.resolve("out/gate.json")).content().contains(key.keyId());
        Promotion unsigned = judge(request("staging", Map.of("scan.json", evidence("scan")), null).key(fromSecret));
        assertThat(unsigned.verdict().reasons()).extracting(c -> c.ruleId())
                .contains(io.releasegates.gate.GateRuleIds.EVIDENCE_UNSIGNED);
        assertThatThrownBy(() -> request("staging", Map.of(), null).keyFile(dir.resolve("ci.pem")).key(fromSecret))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("once");
        assertThatThrownBy(() -> request("staging", Map.of(), null).key(fromSecret).keyFile(dir.resolve("ci.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("once");
    }

    @Test
    void shouldRefuseAMissingPackageOrEvidenceFolderAsBadInput() {
        assertThatThrownBy(() -> judge(request("staging", Map.of(), null).packageFile(dir.resolve("missing.war"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("missing.war");
        assertThatThrownBy(() -> judge("staging", Map.of(), dir.resolve("nope"), null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope");
    }

    @Test
    void shouldJudgeOurOwnPipelineWithItsPolicy() throws Exception {
        // the policy the top-level Jenkinsfile's promotionGate uses must stay valid
        Path ours = Path.of(System.getProperty("releasegates.fixtureSources")).resolve("../.ci/release-policy.yml");
        policy = ours;

        Promotion p = judge("release", Map.of("inventory.json", evidence("inventory"), "scan.json", evidence("scan")),
                null, null);

        assertThat(p.status()).isEqualTo("PASS");
        assertThat(p.verdict().requiredGates()).containsExactly("inventory", "scan");
    }
}
