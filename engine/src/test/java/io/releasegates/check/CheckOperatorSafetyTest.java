package io.releasegates.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.gate.GateRuleIds;
import io.releasegates.gate.Status;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator foot-guns of issue 14, each reproduced: a folder that is not check's, loose options, demo + real key. */
class CheckOperatorSafetyTest {
    @TempDir
    Path tmp;

    private Path config;

    @BeforeEach
    void release() throws IOException {
        Files.writeString(tmp.resolve("shop.war"), "not really a war; integrity does not read it");
        Files.writeString(tmp.resolve("policy.yml"), "environments:\n  ops: [integrity]\n");
        config = tmp.resolve("release-gates.yml");
    }

    private CheckConfig config(String yaml) throws IOException {
        Files.writeString(config, yaml);
        return CheckConfigReader.read(config);
    }

    private static final String HEAD = "package: shop.war\nenvironment: ops\npolicy: policy.yml\n";

    @Test
    void shouldRefuseAnOutputFolderCheckDidNotWriteAndDeleteNothingInIt() throws IOException {
        Path out = tmp.resolve("mine");
        Files.createDirectories(out.resolve("work"));
        Files.writeString(out.resolve("work/thesis.tex"), "two years of work");
        Files.createDirectories(out.resolve("reports"));
        Files.writeString(out.resolve("reports/q3.xlsx"), "numbers");
        Files.writeString(out.resolve("index.html"), "<h1>my site</h1>");
        CheckConfig cfg = config(HEAD + "steps:\n  integrity: {demo: true}\n");

        assertThatThrownBy(() -> new CheckRunner(cfg, out, s -> { }).run(Instant.now()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(out + ": not empty and not written by release-gates check")
                .hasMessageContaining("index.html, reports, work");
        assertThat(out.resolve("work/thesis.tex")).hasContent("two years of work");
        assertThat(out.resolve("reports/q3.xlsx")).hasContent("numbers");
        assertThat(out.resolve("index.html")).hasContent("<h1>my site</h1>");
    }

    @Test
    void shouldClaimANewFolderAndReplaceOnlyItsOwnEntriesOnTheNextRun() throws IOException {
        Path out = tmp.resolve("out");
        CheckConfig cfg = config(HEAD + "steps:\n  integrity: {demo: true}\n");
        new CheckRunner(cfg, out, s -> { }).run(Instant.now());
        assertThat(out.resolve(CheckRunner.MARKER)).isRegularFile();
        Files.writeString(out.resolve("notes.txt"), "mine");

        CheckResult again = new CheckRunner(cfg, out, s -> { }).run(Instant.now());

        assertThat(again.verdict().status()).isEqualTo(Status.PASS);
        assertThat(out.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void shouldRefuseAWrongTypeNamingFileLineAndKey() throws IOException {
        assertThatThrownBy(() -> config(HEAD + "steps:\n  scan:\n    osv: [1]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(config + ":6: steps.scan.osv: expected a path (a string), got a list");
        assertThatThrownBy(() -> config(HEAD + "steps:\n  integrity:\n    demo: \"yes please\"\n"))
                .hasMessage(config + ":6: steps.integrity.demo: expected true or false, got 'yes please'");
        assertThatThrownBy(() -> config(HEAD + "steps:\n  scan:\n    max-data-age: 7 days\n"))
                .hasMessageContaining(":6: steps.scan.max-data-age: expected a duration");
        assertThatThrownBy(() -> config(HEAD + "steps:\n  scan:\n    allow: [a, {b: c}]\n"))
                .hasMessageContaining(":6: steps.scan.allow: expected a string or a list of strings");
        assertThatThrownBy(() -> config("package: [shop.war]\nenvironment: ops\npolicy: policy.yml\nsteps: {inventory: {}}\n"))
                .hasMessageStartingWith(config + ":1: package: expected a string");
    }

    @Test
    void shouldRefuseAnUnknownStepOptionNamingLineAndKey() throws IOException {
        assertThatThrownBy(() -> config(HEAD + "steps:\n  scan:\n    osv: adv\n    ovs: adv\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(config + ":7: steps.scan.ovs: unknown option of step scan (expected one of");
    }

    @Test
    void shouldRefuseDemoCombinedWithRealInputs() throws IOException {
        assertThatThrownBy(() -> config(HEAD + "steps:\n  backups:\n    demo: true\n    config: backups.yml\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(config + ":7: steps.backups.config: cannot be combined with 'demo: true'");
        assertThatThrownBy(() -> config(HEAD + "steps:\n  integrity:\n    tree: /etc/shop\n    demo: true\n"))
                .hasMessageStartingWith(config + ":6: steps.integrity.tree: cannot be combined with 'demo: true'");
    }

    @Test
    void shouldRefuseADemoStepSignedWithTheProductionKey() throws IOException {
        SigningKey.generateEd25519().writePrivate(tmp.resolve("prod.pem"));

        assertThatThrownBy(() -> config(HEAD + "key: prod.pem\nsteps:\n  integrity:\n    demo: true\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(config + ":7: steps.integrity.demo: a demo step cannot run with the production 'key:'");
        // without demo, the same key is fine
        assertThat(config(HEAD + "key: prod.pem\nsteps:\n  integrity: {tree: t, baseline: b.json}\n").key())
                .isEqualTo(tmp.resolve("prod.pem"));
    }

    @Test
    void shouldBlockEvidenceEditedBetweenTheStepAndTheGate() throws IOException {
        Path out = tmp.resolve("out");
        CheckConfig cfg = config(HEAD + "steps:\n  integrity: {demo: true}\n");
        new CheckRunner(cfg, out, s -> { }).run(Instant.now());
        Path evidence = out.resolve("evidence/integrity.json");
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(evidence.toFile());
        assertThat(tree.path("signature").path("keyId").asText()).startsWith("ed25519:");

        // re-judging the folder with the run's key, as 'gate --key' would, after an edit
        tree.put("title", "edited");
        Files.writeString(evidence, Json.mapper().writeValueAsString(tree));
        var verdict = io.releasegates.gate.PromotionGate.judge(io.releasegates.gate.GateRequest
                .builder(tmp.resolve("policy.yml"), "ops").evidenceDir(out.resolve("evidence"))
                .packageFile(tmp.resolve("shop.war")).keyFile(out.resolve("keys/demo-signing-key.pem")).build());

        assertThat(verdict.status()).isEqualTo(Status.BLOCK);
        assertThat(verdict.reasons()).extracting(c -> c.ruleId()).contains(GateRuleIds.EVIDENCE_SIGNATURE);
    }
}
