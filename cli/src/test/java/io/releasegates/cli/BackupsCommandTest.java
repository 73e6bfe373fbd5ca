package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release-gates backups verify} end to end: real folders, real sha256sum manifests, a real restic repository. */
class BackupsCommandTest {
    private static final String PASSWORD = "s3cret-restic-pw";

    @TempDir
    Path tmp;

    private Path primary;
    private Path nas;
    private Path repo;
    private String out;
    private String err;

    @BeforeEach
    void buildHealthySet() throws IOException {
        primary = Files.createDirectories(tmp.resolve("primary"));
        Instant now = Instant.now();
        Random random = new Random(7);
        for (int d = 0; d < 3; d++) {
            Path f = primary.resolve("orders-" + d + ".dump");
            byte[] data = new byte[30_000];
            random.nextBytes(data);
            Files.write(f, data);
            Files.setLastModifiedTime(f, FileTime.from(now.minus(Duration.ofDays(d)).minusSeconds(600)));
        }
        exec(primary, Map.of(), "sh", "-c", "sha256sum -b * > SHA256SUMS");
        nas = Files.createDirectories(tmp.resolve("nas"));
        try (Stream<Path> files = Files.list(primary)) {
            for (Path f : files.toList()) {
                Files.copy(f, nas.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        ExternalTool.require("restic", "restic");
        Files.writeString(tmp.resolve("restic.pw"), PASSWORD + "\n");
        repo = tmp.resolve("offsite-repo");
        Map<String, String> env = Map.of("RESTIC_PASSWORD", PASSWORD, "RESTIC_CACHE_DIR", tmp.resolve("rc").toString());
        exec(tmp, env, "restic", "init", "--quiet", "--repo", repo.toString());
        exec(primary, env, "restic", "backup", "--quiet", "--repo", repo.toString(), ".");
    }

    private Path config(boolean withOffsite) throws IOException {
        return Files.writeString(tmp.resolve("backups.yml"), """
                drill: { files: 1, state-file: drills.json }
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    min-backups: 3
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: nas }
                """ + (withOffsite ? "      - { location: \"restic:offsite-repo\", media: object-storage, offsite: true,"
                + " password-file: restic.pw, min-backups: 1, check-subset: 100% }\n" : ""));
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        var cli = ReleaseGatesCommand.newCommandLine();
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        int code = cli.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private int verify(Path config, String... extra) {
        List<String> args = new ArrayList<>(List.of("backups", "verify", "--config", config.toString(),
                "--json", tmp.resolve("out/backups.json").toString(), "--sarif", tmp.resolve("out/backups.sarif").toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private List<String> ruleIds() throws IOException {
        List<String> ids = new ArrayList<>();
        Json.mapper().readTree(tmp.resolve("out/backups.json").toFile()).path("findings")
                .forEach(f -> ids.add(f.path("ruleId").asText()));
        return ids;
    }

    @Test
    void shouldExitZeroAndWriteEveryReportForAHealthySet() throws IOException {
        int code = verify(config(true), "--junit", tmp.resolve("out/backups.xml").toString(),
                "--html", tmp.resolve("out/backups.html").toString(), "--evidence-dir", tmp.resolve("evidence").toString());

        assertThat(code).as(out + err).isZero();
        assertThat(out).contains("backups: 1 set(s), 3 of 3 cop(ies) reachable").contains("0 finding(s)");
        assertThat(ruleIds()).isEmpty();
        assertThat(tmp.resolve("evidence/backups.json")).exists();
        assertThat(Files.readString(tmp.resolve("out/backups.xml"))).contains("orders-db @ restic:offsite-repo");
        assertThat(Files.readString(tmp.resolve("out/backups.html"))).contains("PASS");
        assertThat(out + err + Files.readString(tmp.resolve("out/backups.json"))).doesNotContain(PASSWORD);
        assertThat(tmp.resolve("drills.json")).exists();
    }

    @Test
    void shouldExitOneForAFlippedByteNamingTheFileInSarif() throws IOException {
        Path victim = nas.resolve("orders-1.dump");
        byte[] data = Files.readAllBytes(victim);
        data[500] ^= 0x40;
        Files.write(victim, data);

        assertThat(verify(config(true))).isEqualTo(1);
        assertThat(ruleIds()).contains("RG-BAK-CHECKSUM-MISMATCH");
        JsonNode sarif = Json.mapper().readTree(tmp.resolve("out/backups.sarif").toFile());
        JsonNode result = sarif.path("runs").get(0).path("results").get(0);
        assertThat(result.path("ruleId").asText()).isEqualTo("RG-BAK-CHECKSUM-MISMATCH");
        assertThat(result.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri")
                .asText()).isEqualTo(victim.toString());
    }

    @Test
    void shouldExitOneForATruncatedFile() throws IOException {
        Path victim = primary.resolve("orders-2.dump");
        FileTime mtime = Files.getLastModifiedTime(victim);
        Files.write(victim, java.util.Arrays.copyOf(Files.readAllBytes(victim), 1000));
        Files.setLastModifiedTime(victim, mtime);

        assertThat(verify(config(true))).isEqualTo(1);
        assertThat(ruleIds()).contains("RG-BAK-CHECKSUM-MISMATCH");
        assertThat(out).contains("(1000 bytes)");
    }

    @Test
    void shouldExitOneForADeletedCopy() throws IOException {
        try (Stream<Path> files = Files.list(nas)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(nas);

        assertThat(verify(config(true))).isEqualTo(1);
        assertThat(ruleIds()).contains("RG-BAK-COPY-MISSING", "RG-BAK-321-COPIES");
    }

    @Test
    void shouldExitOneForAStaleSet() throws IOException {
        assertThat(verify(config(true), "--as-of", Instant.now().plus(Duration.ofDays(2)).toString())).isEqualTo(1);
        assertThat(ruleIds()).containsOnly("RG-BAK-STALE").hasSize(3);
    }

    @Test
    void shouldExitOneForAMissingOffsiteCopy() throws IOException {
        assertThat(verify(config(false))).isEqualTo(1);
        assertThat(ruleIds()).containsExactlyInAnyOrder("RG-BAK-321-COPIES", "RG-BAK-321-OFFSITE");
    }

    @Test
    void shouldExitOneForAWrongResticPassword() throws IOException {
        Files.writeString(tmp.resolve("restic.pw"), "wrong-password\n");

        assertThat(verify(config(true))).isEqualTo(1);
        assertThat(ruleIds()).contains("RG-BAK-COPY-UNREADABLE");
        assertThat(out).contains("wrong password").doesNotContain("wrong-password");
    }

    @Test
    void shouldExitOneForADamagedResticPack() throws IOException {
        Path pack;
        try (Stream<Path> packs = Files.walk(repo.resolve("data"))) {
            pack = packs.filter(Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
        pack.toFile().setWritable(true);
        byte[] data = Files.readAllBytes(pack);
        data[data.length / 2] ^= 0x01;
        Files.write(pack, data);

        assertThat(verify(config(true))).isEqualTo(1);
        assertThat(ruleIds()).contains("RG-BAK-RESTIC-CHECK-FAILED");
        assertThat(out).contains(pack.getFileName().toString().substring(0, 8));
    }

    @Test
    void shouldExitTwoForABadConfigNamingFileAndKey() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yml"), """
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    copies:
                      - { location: primary }
                """);

        assertThat(run("backups", "verify", "--config", bad.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("release-gates: " + bad + ":5: backup-sets[0].copies[0].media: missing");
    }

    @Test
    void shouldExitTwoForAMissingConfigOrABadTimestamp() throws IOException {
        assertThat(run("backups", "verify", "--config", tmp.resolve("nope.yml").toString())).isEqualTo(2);
        assertThat(err).contains("nope.yml: backup config not found");
        assertThat(run("backups", "verify", "--config", config(true).toString(), "--as-of", "yesterday"))
                .isEqualTo(2);
        assertThat(err).contains("'yesterday' is not a timestamp");
    }

    private static void exec(Path dir, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
