package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code integrity watch} as a real process (inotify, SIGTERM) and {@code integrity approve} end to end. */
class IntegrityWatchCommandTest {
    @TempDir
    Path tmp;

    private Path tree;
    private Path key;
    private Path baseline;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void signedTree() throws IOException {
        tree = Files.createDirectories(tmp.resolve("etc/shop"));
        Files.writeString(tree.resolve("app.yml"), "server:\n  port: 8080\n");
        Files.createDirectories(tree.resolve("sudoers.d"));
        Files.writeString(tree.resolve("sudoers.d/ops"), "ops ALL=(ALL) ALL\n");
        key = tmp.resolve("keys/integrity.pem");
        baseline = tmp.resolve("shop.baseline.json");
        assertThat(run("integrity", "keygen", "-o", key)).isZero();
        assertThat(run("integrity", "baseline", tree, "-o", baseline, "--key", key, "--severity", "sudoers.d/**=critical",
                "--severity", "*.yml=medium")).as(err.toString()).isZero();
    }

    private int run(Object... args) {
        List<String> strings = new ArrayList<>();
        for (Object a : args) {
            strings.add(String.valueOf(a));
        }
        return ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(strings.toArray(String[]::new));
    }

    @Test
    void shouldAlertFromARealProcessAndStopCleanlyOnSigterm() throws Exception {
        Path alerts = tmp.resolve("alerts.jsonl");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ReleaseGatesCommand.class.getName(),
                "integrity", "watch", tree.toString(), "--baseline", baseline.toString(), "--key", key + ".pub",
                "--alerts", alerts.toString(), "--host", "web-1", "--full-every", "1h");
        // stderr to a file, not a pipe: a pipe's last bytes can be lost to a reader racing the process's exit
        Path errFile = tmp.resolve("watch.err");
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile.toFile()).start();
        java.util.function.Supplier<List<String>> stderr = () -> {
            try {
                return Files.readAllLines(errFile);
            } catch (IOException e) {
                return List.of();
            }
        };
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stderr.get().stream().noneMatch(l -> l.startsWith("integrity watch: watching")) && System.nanoTime() < deadline) {
                assertThat(p.isAlive()).as("watcher still running: " + stderr.get()).isTrue();
                Thread.sleep(20);
            }
            assertThat(stderr.get()).anyMatch(l -> l.startsWith("integrity watch: watching 2 directories"));

            long t = System.nanoTime();
            Files.writeString(tree.resolve("sudoers.d/ops"), "ops ALL=(ALL) NOPASSWD: ALL\n");
            JsonNode alert = awaitLine(alerts, 1, t);
            assertThat(alert.get("path").asText()).isEqualTo("sudoers.d/ops");
            assertThat(alert.get("change").asText()).isEqualTo("modified");
            assertThat(alert.get("severity").asText()).isEqualTo("critical");
            assertThat(alert.get("host").asText()).isEqualTo("web-1");
            assertThat(alert.get("state").asText()).isEqualTo("open");
            assertThat(alert.get("baselineSha256").asText()).hasSize(64).isNotEqualTo(alert.get("sha256").asText());

            // the intended change is approved (re-signed with the private key): the running watcher resolves it
            assertThat(run("integrity", "approve", tree, "sudoers.d/ops", "--baseline", baseline, "--key", key))
                    .as(err.toString()).isZero();
            assertThat(out.toString()).contains("approved sudoers.d/ops").contains("1 path(s) approved");
            JsonNode resolved = awaitLine(alerts, 2, System.nanoTime());
            assertThat(resolved.get("state").asText()).isEqualTo("resolved");
            assertThat(resolved.get("path").asText()).isEqualTo("sudoers.d/ops");
        } finally {
            p.destroy();
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
        assertThat(p.exitValue()).as("the JVM's exit status for SIGTERM").isEqualTo(143);
        assertThat(stderr.get()).contains("integrity watch: stopped");
        assertThat(String.join("\n", stderr.get())).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Line {@code n} (1-based) of the alerts file, due within 2 s of {@code since}. */
    private static JsonNode awaitLine(Path file, int n, long since) throws Exception {
        while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(2)) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= n) {
                    return Json.mapper().readTree(lines.get(n - 1));
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no alert line " + n + " within 2 s in " + file + ": "
                + (Files.exists(file) ? Files.readString(file) : "(no file)"));
    }

    @Test
    void shouldApproveOnlyTheNamedPaths() throws Exception {
        Files.writeString(tree.resolve("app.yml"), "server:\n  port: 9090\n");
        Files.writeString(tree.resolve("sudoers.d/ops"), "ops ALL=(ALL) NOPASSWD: ALL\n");
        assertThat(run("integrity", "approve", tree, tree.resolve("app.yml"), "--baseline", baseline, "--key", key))
                .as(err.toString()).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--key", key + ".pub")).isEqualTo(1);
        assertThat(out.toString()).contains("RG-INT-MODIFIED").contains("sudoers.d/ops").doesNotContain("app.yml");

        assertThat(run("integrity", "approve", tree, "--baseline", baseline, "--key", key)).isZero();
        assertThat(run("integrity", "check", tree, "--baseline", baseline, "--key", key + ".pub")).isZero();
        // the severities survive approvals: they are part of what is signed
        assertThat(Files.readString(baseline)).contains("\"severities\"").contains("sudoers.d/**");
    }

    @Test
    void shouldExitTwoOnBadWatchAndApproveInput() throws Exception {
        assertThat(run("integrity", "watch", tree, "--baseline", baseline)).isEqualTo(2);
        assertThat(run("integrity", "watch", tree, "--baseline", baseline, "--key", key, "--full-every", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("not a duration 'soon'");
        assertThat(run("integrity", "watch", tree, tree, "--baseline", baseline, "--key", key)).isEqualTo(2);
        assertThat(run("integrity", "keygen", "--type", "hmac", "-o", tmp.resolve("other.key"))).isZero();
        err.getBuffer().setLength(0);
        assertThat(run("integrity", "watch", tree, "--baseline", baseline, "--key", tmp.resolve("other.key"))).isEqualTo(2);
        assertThat(err.toString()).contains(baseline.toString()).contains("signature").doesNotContain("\tat ");
        assertThat(err.toString().lines().count()).isEqualTo(1);

        assertThat(run("integrity", "approve", tree, "--baseline", baseline, "--key", key + ".pub")).isEqualTo(2);
        assertThat(run("integrity", "approve", tree, "../outside", "--baseline", baseline, "--key", key)).isEqualTo(2);
        assertThat(run("integrity", "approve", tree, "--baseline", baseline, "--key", tmp.resolve("other.key"))).isEqualTo(2);
        assertThat(run("integrity", "baseline", tree, "-o", tmp.resolve("b2.json"), "--severity", "x=urgent")).isEqualTo(2);
    }
}
