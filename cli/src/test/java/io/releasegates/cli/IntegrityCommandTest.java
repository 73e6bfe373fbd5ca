package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrity commands end to end: exit codes, messages and report files. */
class IntegrityCommandTest {
    @TempDir
    Path tmp;

    private Path tree;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void configTree() throws IOException {
        tree = Files.createDirectories(tmp.resolve("etc/shop"));
        Files.writeString(tree.resolve("app.yml"), "server:\n  port: 8080\n");
        Files.createDirectories(tree.resolve("conf.d"));
        Files.writeString(tree.resolve("conf.d/db.properties"), "url=jdbc:postgresql://db/shop\n");
        Files.createSymbolicLink(tree.resolve("current.properties"), Path.of("conf.d/db.properties"));
    }

    private int run(Object... args) {
        List<String> strings = new ArrayList<>();
        for (Object a : args) {
            strings.add(String.valueOf(a));
        }
        return ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(strings.toArray(String[]::new));
    }

    private Path keygen(String type) {
        Path key = tmp.resolve(type + ".key");
        assertThat(run("integrity", "keygen", "--type", type, "-o", key)).isZero();
        return key;
    }

    @Test
    void shouldExitZeroOnAnUnchangedTreeAndOneAfterAModification() throws IOException {
        Path key = keygen("ed25519");
        Path baseline = tmp.resolve("baseline.json");
        assertThat(run("integrity", "baseline", tree, "-o", baseline, "--key", key)).isZero();
        assertThat(err.toString()).contains("signed by ed25519:");

        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--key", key + ".pub")).isZero();

        Files.writeString(tree.resolve("conf.d/db.properties"), "url=jdbc:postgresql://evil/shop\n");
        Path sarif = tmp.resolve("out/integrity.sarif");
        Path junit = tmp.resolve("out/integrity.xml");
        Path html = tmp.resolve("out/integrity.html");
        Path evidence = tmp.resolve("evidence");
        int code = run("integrity", "check", tree, "--baseline", baseline, "--key", key + ".pub", "--sarif", sarif,
                "--junit", junit, "--html", html, "--evidence-dir", evidence);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("RG-INT-MODIFIED").contains("conf.d/db.properties");
        JsonNode result = Json.mapper().readTree(sarif.toFile()).at("/runs/0/results/0");
        assertThat(result.path("ruleId").asText()).isEqualTo("RG-INT-MODIFIED");
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("conf.d/db.properties");
        assertThat(Files.readString(junit)).contains("<failure").contains("RG-INT-MODIFIED");
        assertThat(Files.readString(html)).contains("conf.d/db.properties");
        JsonNode ev = Json.mapper().readTree(evidence.resolve("integrity.json").toFile());
        assertThat(ev.path("gate").asText()).isEqualTo("integrity");
        assertThat(ev.at("/inputs/1/role").asText()).isEqualTo("baseline");
    }

    @Test
    void shouldExitZeroWhenOnlyTheChangedPathIsExcluded() throws IOException {
        Path key = keygen("hmac");
        Path baseline = tmp.resolve("baseline.json");
        assertThat(run("integrity", "baseline", tree, "-o", baseline, "--key", key)).isZero();
        Files.writeString(tree.resolve("conf.d/db.properties"), "changed\n");

        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--key", key)).isEqualTo(1);
        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--key", key,
                "--exclude", "conf.d/db.properties")).isZero();
    }

    @Test
    void shouldFailAForgedBaselineWithExitOne() throws IOException {
        Path key = keygen("ed25519");
        Path baseline = tmp.resolve("baseline.json");
        assertThat(run("integrity", "baseline", tree, "-o", baseline, "--key", key)).isZero();
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(baseline.toFile());
        doc.put("root", "/somewhere/else");
        Files.writeString(baseline, Json.mapper().writeValueAsString(doc));

        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--key", key + ".pub")).isEqualTo(1);
        assertThat(out.toString()).contains("RG-INT-SIGNATURE");
    }

    @Test
    void shouldExitTwoOnBadInput() throws IOException {
        Path key = keygen("ed25519");
        Path baseline = tmp.resolve("baseline.json");
        assertThat(run("integrity", "baseline", tree, "-o", baseline, "--key", key)).isZero();
        Path notJson = Files.writeString(tmp.resolve("broken.json"), "{");

        assertThat(run("integrity", "check", tree, "--baseline", tmp.resolve("missing.json"))).isEqualTo(2);
        assertThat(run("integrity", "check", tree, "--baseline", notJson)).isEqualTo(2);
        assertThat(err.toString()).contains("broken.json");
        assertThat(run("integrity", "check", tmp.resolve("no-dir"), "--baseline", baseline, "--key", key)).isEqualTo(2);
        assertThat(run("integrity", "check", tree)).isEqualTo(2);
        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--git", tmp)).isEqualTo(2);
        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--key", tmp.resolve("nokey"))).isEqualTo(2);
        assertThat(run("integrity", "baseline", tree, "-o", tmp.resolve("b2.json"), "--key", key + ".pub")).isEqualTo(2);
        assertThat(err.toString()).contains("public key can only verify");
        assertThat(run("integrity", "keygen", "-o", key)).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to overwrite");
        assertThat(run("integrity", "check", tree, "--git", tmp, "--ref", "main")).isEqualTo(2);
        assertThat(err.toString()).contains("not a git repository");
    }

    @Test
    void shouldCheckAgainstGitWithExitCodesAndTheCommitInTheEvidence() throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("etc"));
        copy(tree, repo.resolve("etc/shop"));
        String commit;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Ops", "ops@example.com");
            commit = git.commit().setMessage("approved").setAuthor(who).setCommitter(who).setSign(false).call().name();
        }
        Path json = tmp.resolve("git.json");

        assertThat(run("integrity", "check", tree, "--git", repo, "--ref", "main", "--path", "etc/shop", "--json", json)).isZero();
        assertThat(Files.readString(json)).contains(commit);

        Files.writeString(tree.resolve("app.yml"), "server:\n  port: 1\n");
        assertThat(run("integrity", "check", tree, "--git", repo, "--ref", "main", "--path", "etc/shop")).isEqualTo(1);
        assertThat(run("integrity", "check", tree, "--git", repo, "--ref", "nope", "--path", "etc/shop")).isEqualTo(2);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
