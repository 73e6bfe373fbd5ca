package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restic copies verified through the real restic binary (Debian package; ./build test installs it): small repositories,
 * restic's cache in temporary folders.
 */
class ResticBackupVerificationTest {
    @TempDir
    Path tmp;

    private BackupFixture fx;
    private Path primary;
    private Path nas;
    private Path repo;

    @BeforeAll
    static void requireRestic() {
        io.releasegates.tools.ExternalTool.require("restic", "restic");
    }

    @BeforeEach
    void buildSet() throws IOException {
        fx = new BackupFixture(tmp);
        primary = fx.dailyBackups("primary", 4, false);
        nas = fx.mirror(primary, "nas");
        repo = fx.resticRepository("offsite-repo", primary);
    }

    private Path config(String resticCopy) throws IOException {
        return fx.config("""
                drill: { files: 3, state-file: state/drills.json }
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    min-backups: 4
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: nas }
                """ + resticCopy);
    }

    private Path envConfig() throws IOException {
        return config("      - { location: \"restic:offsite-repo\", media: object-storage, offsite: true,"
                + " password-env: ORDERS_RESTIC_PASSWORD, min-backups: 1, check-subset: 100% }\n");
    }

    private GateReport verify(Path config, Map<String, String> env) throws IOException {
        Map<String, String> before = BackupFixture.fingerprint(primary, nas, repo);
        GateReport report = BackupVerifier.verify(new BackupsRequest(config, java.time.Instant.now(), null, env));
        assertThat(BackupFixture.fingerprint(primary, nas, repo))
                .as("verification must not change any byte or mtime, nor add a lock or cache file").isEqualTo(before);
        return report;
    }

    private static List<String> rules(GateReport report) {
        return report.findings().stream().map(Finding::ruleId).distinct().sorted().toList();
    }

    @Test
    void shouldPassAHealthySetWithAResticOffsiteCopy() throws IOException {
        GateReport report = verify(envConfig(), Map.of("ORDERS_RESTIC_PASSWORD", BackupFixture.PASSWORD));

        assertThat(report.findings()).isEmpty();
        assertThat(report.summary()).containsEntry("copiesReachable", 3L).containsEntry("filesDrilled", 9L);
        assertThat(report.dataAsOf()).containsKey("orders-db:restic:offsite-repo");
        try (Stream<Path> locks = Files.list(repo.resolve("locks"))) {
            assertThat(locks).as("--no-lock: no lock file").isEmpty();
        }
    }

    @Test
    void shouldRotateTheResticCheckOverAllPartsWithoutASubset() throws IOException {
        Path config = config("      - { location: \"restic:offsite-repo\", media: object-storage, offsite: true,"
                + " password-file: secrets/pw, min-backups: 1 }\n");
        Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(tmp.resolve("secrets/pw"), BackupFixture.PASSWORD + "\n");

        assertThat(verify(config, Map.of()).findings()).isEmpty();
        assertThat(verify(config, Map.of()).findings()).isEmpty();
        assertThat(Files.readString(tmp.resolve("state/drills.json"))).contains("\"checkRuns\" : 2");
    }

    @Test
    void shouldReportAWrongPassword() throws IOException {
        GateReport report = verify(envConfig(), Map.of("ORDERS_RESTIC_PASSWORD", "not the password"));

        assertThat(rules(report)).containsExactly("RG-BAK-321-COPIES", "RG-BAK-321-OFFSITE",
                "RG-BAK-COPY-UNREADABLE");
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-COPY-UNREADABLE")).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).contains("wrong password");
                    assertThat(f.message()).doesNotContain("not the password");
                    assertThat(f.location()).isEqualTo(repo.toString());
                });
    }

    @Test
    void shouldReportAMissingPasswordVariable() throws IOException {
        GateReport report = verify(envConfig(), Map.of());

        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-COPY-UNREADABLE")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("ORDERS_RESTIC_PASSWORD"));
    }

    @Test
    void shouldReportADamagedPackFileAtThePack() throws IOException {
        Path pack;
        try (Stream<Path> packs = Files.walk(repo.resolve("data"))) {
            pack = packs.filter(Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
        BackupFixture.flipByte(pack, Files.size(pack) / 3);

        GateReport report = verify(envConfig(), Map.of("ORDERS_RESTIC_PASSWORD", BackupFixture.PASSWORD));

        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-RESTIC-CHECK-FAILED"))
                .singleElement().satisfies(f -> {
                    assertThat(f.location()).isEqualTo(pack.toString());
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                });
        assertThat(report.passes(Severity.HIGH)).isFalse();
    }

    @Test
    void shouldReportAResticCopyThatStoppedReceivingBackups() throws IOException {
        Path newest = BackupFixture.files(primary, "orders-*.dump").get(3);
        Path newDump = primary.resolve("orders-next.dump");
        Files.write(newDump, new byte[] {42, 42, 42});
        Files.setLastModifiedTime(newDump, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        Files.copy(newDump, nas.resolve(newDump.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        BackupFixture.writeManifest(primary, false);
        BackupFixture.writeManifest(nas, false);

        GateReport report = verify(envConfig(), Map.of("ORDERS_RESTIC_PASSWORD", BackupFixture.PASSWORD));

        assertThat(newest).exists();
        assertThat(report.findings()).extracting(Finding::ruleId, Finding::subject)
                .contains(org.assertj.core.groups.Tuple.tuple("RG-BAK-COPY-BEHIND", "orders-db @ restic:offsite-repo"));
    }

    @Test
    void shouldCompareRestoredBytesWithTheSnapshotManifest() throws IOException {
        // bytes damaged before restic saw them: restic check is happy, only the restore drill can tell
        Path tampered = fx.dailyBackups("tampered", 2, false);
        Path victim = BackupFixture.files(tampered, "config-*.tar.gz").get(0);
        BackupFixture.flipByte(victim, 100);
        Path tamperedRepo = fx.resticRepository("tampered-repo", tampered);
        Path config = config("      - { location: \"restic:tampered-repo\", media: object-storage, offsite: true,"
                + " password-env: P, min-backups: 1, check-subset: 100% }\n");

        GateReport report = BackupVerifier.verify(
                new BackupsRequest(config, java.time.Instant.now(), null, Map.of("P", BackupFixture.PASSWORD)));

        assertThat(rules(report)).containsExactly("RG-BAK-DRILL-MISMATCH");
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).startsWith(tamperedRepo + "@").endsWith("/" + victim.getFileName());
            assertThat(f.subject()).isEqualTo("orders-db @ restic:tampered-repo");
        });
    }
}
