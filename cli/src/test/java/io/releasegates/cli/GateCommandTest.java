package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.gate.EvidenceFiles;
import io.releasegates.signing.SigningKey;
import io.releasegates.files.Digests;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.report.Json;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release-gates gate} and {@code gate verify} end to end: exit codes, console reasons and verdict files. */
class GateCommandTest {
    private static final String POLICY = """
            environments:
              production: all
              staging: [scan]
            gates:
              scan: {block-at: high, warn-at: medium, block: [CVE-2021-44228]}
            """;

    @TempDir
    Path tmp;

    private Path evidence;
    private Path policy;
    private Path pkg;
    private String sha;
    private Path key;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void release() throws IOException {
        evidence = Files.createDirectories(tmp.resolve("evidence"));
        policy = tmp.resolve("policy.yml");
        Files.writeString(policy, POLICY);
        pkg = tmp.resolve("shop.war");
        Files.writeString(pkg, "release 1.0");
        sha = Digests.sha256(pkg);
        key = tmp.resolve("signing.pem");
        SigningKey.generateEd25519().writePrivate(key);
        for (String gate : List.of("inventory", "scan", "backups", "integrity")) {
            write(report(gate).build());
        }
    }

    private GateReport.Builder report(String gate) {
        GateReport.Builder b = GateReport.builder(gate).generatedAt(Instant.now().minusSeconds(30)).subject(gate);
        if (gate.equals("scan") || gate.equals("inventory")) {
            b.input(new Input("package", pkg.toString(), sha));
        }
        return b;
    }

    /** Evidence as a step writes it with {@code --evidence-key}: signed with the key the gate checks. */
    private void write(GateReport r) throws IOException {
        EvidenceFiles.write(r, SigningKey.load(key), evidence.resolve(r.gate() + ".json"));
    }

    private int run(Object... args) {
        List<String> strings = new ArrayList<>();
        for (Object a : args) {
            strings.add(String.valueOf(a));
        }
        return ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(strings.toArray(String[]::new));
    }

    private int gate(Object... extra) {
        List<Object> args = new ArrayList<>(List.of("gate", "--policy", policy, "--evidence", evidence,
                "--environment", "production", "--package", pkg));
        args.addAll(List.of(extra));
        return run(args.toArray());
    }

    @Test
    void shouldExitZeroOnPassAndWriteSignedVerdictHtmlAndJUnit() throws IOException {
        Path verdict = tmp.resolve("out/verdict.json");

        int code = gate("--key", key, "-o", verdict, "--html", tmp.resolve("out/verdict.html"),
                "--junit", tmp.resolve("out/verdict.xml"));

        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("Promotion to production: PASS").contains(sha);
        JsonNode json = Json.mapper().readTree(verdict.toFile());
        assertThat(json.path("status").asText()).isEqualTo("PASS");
        assertThat(json.path("packageSha256").asText()).isEqualTo(sha);
        assertThat(json.path("signature").path("algorithm").asText()).isEqualTo("Ed25519");
        assertThat(Files.readString(tmp.resolve("out/verdict.html"))).contains("id=\"verdict\">PASS<");
        assertThat(Files.readString(tmp.resolve("out/verdict.xml"))).contains("<testsuite").doesNotContain("<failure");
    }

    @Test
    void shouldExitOneOnBlockPrintingEveryReason() throws IOException {
        write(report("scan").finding(Finding.builder("CVE-2021-44228", Severity.LOW).subject("log4j-core")
                .message("Log4Shell").build()).build());
        Files.delete(evidence.resolve("backups.json"));

        assertThat(gate()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString()).startsWith("Promotion to production: BLOCK")
                .containsPattern("(?m)^  log4j-core\\n    BLOCK low +CVE-2021-44228 +Log4Shell \\[block: CVE-2021-44228]$")
                .containsPattern("(?m)^    BLOCK +RG-GATE-EVIDENCE-MISSING ");
    }

    @Test
    void shouldExitZeroOnWarnUnlessWarnFails() throws IOException {
        write(report("scan").finding(Finding.builder("RG-SCAN-DEV-PROFILE", Severity.MEDIUM).subject("dev.yml").build())
                .build());

        assertThat(gate()).isZero();
        assertThat(out.toString()).startsWith("Promotion to production: WARN");
        assertThat(gate("--warn-fails")).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void shouldExitTwoOnBadInputNamingTheProblem() {
        assertThat(run("gate", "--policy", tmp.resolve("none.yml"), "--evidence", evidence, "--environment", "production"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("none.yml: policy file not found");

        assertThat(run("gate", "--policy", policy, "--evidence", evidence, "--environment", "prod"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("unknown environment 'prod' (the policy defines: production, staging)");

        assertThat(run("gate", "--policy", policy, "--environment", "production")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("Missing required option(s): '--evidence=DIR'");
    }

    @Test
    void shouldVerifyOnlyAnUnchangedPassingVerdictForThisExactPackage() throws IOException {
        Path verdict = tmp.resolve("verdict.json");
        assertThat(gate("--key", key, "-o", verdict)).isZero();
        Path pub = tmp.resolve("signing.pub.pem");
        SigningKey.load(key).writePublic(pub);

        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", pub, "--environment", "production")).isZero();
        assertThat(out.toString()).contains("OK: " + pkg);

        Path other = tmp.resolve("other.war");
        Files.writeString(other, "release 1.1");
        assertThat(run("gate", "verify", verdict, "--package", other, "--key", pub, "--environment", "production")).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString()).contains("the verdict is about another package");

        ObjectNode tree = (ObjectNode) Json.mapper().readTree(verdict.toFile());
        tree.put("environment", "staging");
        Files.writeString(verdict, Json.mapper().writeValueAsString(tree));
        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", pub, "--environment", "production")).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString()).contains("signature: signature does not match the content");
    }

    @Test
    void shouldNotPassEvidenceWhoseFindingsWereEmptiedAfterARealStepRan() throws IOException {
        // a real step: integrity finds a changed file and signs its evidence with the pipeline's key
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("app.properties"), "debug=false\n");
        Path baseline = tmp.resolve("baseline.json");
        assertThat(run("integrity", "baseline", tree, "-o", baseline, "--key", key)).isZero();
        Files.writeString(tree.resolve("app.properties"), "debug=true\n");
        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--key", key, "--evidence-dir", evidence,
                "--evidence-key", key)).isEqualTo(ExitCodes.FINDINGS);
        Path integrity = evidence.resolve("integrity.json");
        assertThat(Json.mapper().readTree(integrity.toFile()).path("findings")).isNotEmpty();
        Path verdict = tmp.resolve("verdict.json");
        assertThat(gate("--key", key, "-o", verdict)).isEqualTo(ExitCodes.FINDINGS);

        ObjectNode edited = (ObjectNode) Json.mapper().readTree(integrity.toFile());
        edited.putArray("findings");
        Files.writeString(integrity, Json.mapper().writeValueAsString(edited));

        assertThat(gate("--key", key, "-o", verdict)).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString()).contains("Promotion to production: BLOCK")
                .contains("RG-GATE-EVIDENCE-SIGNATURE").contains("integrity.json: evidence signature does not verify");
        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", key, "--environment", "production"))
                .isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void shouldRefuseAVerdictOnceAnEvidenceFileWasEditedAfterIt() throws IOException {
        Path verdict = tmp.resolve("verdict.json");
        assertThat(gate("--key", key, "-o", verdict)).isZero();
        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", key, "--environment", "production",
                "--evidence", evidence)).isZero();

        ObjectNode scan = (ObjectNode) Json.mapper().readTree(evidence.resolve("scan.json").toFile());
        scan.put("title", "looks fine");
        Files.writeString(evidence.resolve("scan.json"), Json.mapper().writeValueAsString(scan));

        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", key, "--environment", "production",
                "--evidence", evidence)).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString()).contains("REFUSED").contains("scan.json changed after the verdict was made");
    }

    @Test
    void shouldBlockUnsignedEvidenceWhenTheGateSignsTheVerdict() throws IOException {
        io.releasegates.report.ReportWriter.write(report("backups").build(), io.releasegates.report.ReportFormat.JSON,
                Severity.HIGH, evidence.resolve("backups.json"));

        assertThat(gate("--key", key)).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString()).containsPattern("(?m)^\\s+BLOCK\\s+RG-GATE-EVIDENCE-UNSIGNED\\s+\\S*/backups\\.json: evidence is not signed");
        // without a key nothing is signed and nothing can be verified later: the unsigned evidence is judged
        assertThat(gate()).isZero();
    }

    @Test
    void shouldRefuseAStagingVerdictForProductionAndAnOldVerdict() throws IOException {
        Path verdict = tmp.resolve("verdict.json");
        assertThat(run("gate", "--policy", policy, "--evidence", evidence, "--environment", "staging", "--package", pkg,
                "--key", key, "-o", verdict)).isZero();

        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", key, "--environment", "production"))
                .isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString()).contains("the verdict is for environment 'staging', not for 'production'");
        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", key, "--environment", "staging",
                "--max-age", "1h")).isZero();

        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", key, "--environment", "staging",
                "--max-age", "soon")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--max-age: not a duration 'soon'");
        assertThat(run("gate", "verify", verdict, "--package", pkg, "--key", key)).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("Missing required option: '--environment=ENV'");
    }
}
