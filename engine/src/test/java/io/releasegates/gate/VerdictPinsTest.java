package io.releasegates.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gate verify --environment E --max-age D --evidence DIR}: what a verdict must be for, beyond its package. */
class VerdictPinsTest {
    @TempDir
    Path tmp;

    private final SigningKey key = SigningKey.generateEd25519();
    private Scenario scenario;
    private Path pkg;
    private Path verdictFile;

    @BeforeEach
    void passingVerdictForStaging() throws Exception {
        pkg = tmp.resolve("shop.war");
        Files.writeString(pkg, "x");
        scenario = new Scenario(tmp).signWith(key).allClean();
        String sha = io.releasegates.files.Digests.sha256(pkg);
        for (String gate : java.util.List.of("scan", "inventory")) {
            scenario.write(io.releasegates.report.GateReport.builder(gate).generatedAt(Scenario.NOW.minusSeconds(60))
                    .input(new io.releasegates.report.Input("package", pkg.toString(), sha))
                    .dataAsOf("osv", Scenario.NOW.minusSeconds(3600)).build());
        }
        Verdict staging = scenario.judge("staging", io.releasegates.files.Digests.sha256(pkg));
        assertThat(staging.status()).isEqualTo(Status.PASS);
        verdictFile = tmp.resolve("verdict.json");
        Files.writeString(verdictFile, VerdictJson.render(staging, VerdictKeys.of(key)));
    }

    private VerdictVerifier.Result verify(String environment, Duration maxAge, Path evidence, Duration after) {
        return VerdictVerifier.verify(verdictFile, pkg, VerdictKeys.of(key.verifier()),
                new VerdictVerifier.Pins(environment, maxAge, evidence, Scenario.NOW.plus(after)));
    }

    @Test
    void shouldRefuseAStagingPassForAProductionPromotion() {
        assertThat(verify("staging", null, null, Duration.ZERO).problems()).isEmpty();

        assertThat(verify("production", null, null, Duration.ZERO).problems()).singleElement().asString()
                .isEqualTo("the verdict is for environment 'staging', not for 'production'");
    }

    @Test
    void shouldRefuseAVerdictOlderThanMaxAgeOrFromTheFuture() {
        assertThat(verify("staging", Duration.ofHours(24), null, Duration.ofHours(23)).problems()).isEmpty();

        assertThat(verify("staging", Duration.ofHours(24), null, Duration.ofHours(25)).problems()).singleElement()
                .asString().startsWith("the verdict was made 25h ago").endsWith("older than max-age 24h");
        assertThat(verify("staging", Duration.ofHours(24), null, Duration.ofHours(-1)).problems()).singleElement()
                .asString().contains("in the future");
    }

    @Test
    void shouldRefuseWhenAnEvidenceFileChangedOrWentMissingAfterTheVerdict() throws Exception {
        assertThat(verify("staging", null, scenario.evidence, Duration.ZERO).problems()).isEmpty();

        Path scan = scenario.evidence.resolve("scan.json");
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(scan.toFile());
        tree.putArray("subjects").add("edited after the verdict");
        Files.writeString(scan, Json.mapper().writeValueAsString(tree));
        Files.delete(scenario.evidence.resolve("backups.json"));

        assertThat(verify("staging", null, scenario.evidence, Duration.ZERO).problems()).containsExactlyInAnyOrder(
                "evidence " + scan + " changed after the verdict was made (sha256 "
                        + io.releasegates.files.Digests.sha256(scan) + ", the verdict recorded "
                        + scanRecorded() + ")",
                "evidence backups.json recorded in the verdict is missing from " + scenario.evidence);
    }

    private String scanRecorded() {
        return VerdictJson.fromTree(verdictFile, VerdictJson.readTree(verdictFile)).evidence().stream()
                .filter(e -> e.file().equals("scan.json")).findFirst().orElseThrow().sha256();
    }
}
