package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every directory-copy check proven both ways on real backup folders, and always read-only. */
class DirectoryBackupVerificationTest {
    @TempDir
    Path tmp;

    private BackupFixture fx;
    private Path primary;
    private Path nas;
    private Path offsite;

    @BeforeEach
    void buildHealthySet() throws IOException {
        fx = new BackupFixture(tmp);
        primary = fx.dailyBackups("primary", 8, false);
        nas = fx.mirror(primary, "nas");
        BackupFixture.writeManifest(nas, true);
        offsite = fx.mirror(nas, "offsite");
    }

    private Path config(String extraCopy) throws IOException {
        return fx.config("""
                drill:
                  files: 2
                  state-file: state/drills.json
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    min-backups: 7
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: nas }
                """ + extraCopy);
    }

    private Path fullConfig() throws IOException {
        return config("      - { location: offsite, media: tape, offsite: true }\n");
    }

    private GateReport verify(Path config) throws IOException {
        Map<String, String> before = BackupFixture.fingerprint(primary, nas, offsite);
        GateReport report = BackupVerifier.verify(new BackupsRequest(config, fx.now, null, Map.of()));
        assertThat(BackupFixture.fingerprint(primary, nas, offsite))
                .as("verification must not change any byte or mtime of a backup file").isEqualTo(before);
        return report;
    }

    private static List<String> rules(GateReport report) {
        return report.findings().stream().map(Finding::ruleId).distinct().sorted().toList();
    }

    @Test
    void shouldPassAHealthySet() throws IOException {
        GateReport report = verify(fullConfig());

        assertThat(report.findings()).isEmpty();
        assertThat(report.passes(Severity.HIGH)).isTrue();
        assertThat(report.summary()).containsEntry("copies", 3L).containsEntry("copiesReachable", 3L)
                .containsEntry("filesDrilled", 6L);
        assertThat(report.summary().get("files")).isEqualTo(3 * 14L);
        assertThat(report.inputs()).extracting(i -> i.role()).contains("config", "backup-copy");
        assertThat(report.dataAsOf()).containsKeys("orders-db:primary", "orders-db:nas", "orders-db:offsite");
        assertThat(report.subjects()).contains("orders-db", "orders-db @ primary");
    }

    @Test
    void shouldReportADeletedCopy() throws IOException {
        RestoreDrill.deleteTree(offsite);

        GateReport report = verify(fullConfig());

        assertThat(rules(report)).containsExactly("RG-BAK-321-COPIES", "RG-BAK-321-OFFSITE", "RG-BAK-COPY-MISSING");
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-COPY-MISSING"))
                .singleElement().satisfies(f -> assertThat(f.location()).isEqualTo(offsite.toString()));
        assertThat(report.passes(Severity.HIGH)).isFalse();
    }

    @Test
    void shouldReportAFlippedByteAtTheFile() throws IOException {
        Path victim = BackupFixture.files(nas, "orders-*.dump").get(3);
        BackupFixture.flipByte(victim, 1234);

        GateReport report = verify(fullConfig());

        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-CHECKSUM-MISMATCH"))
                .singleElement().satisfies(f -> {
                    assertThat(f.location()).isEqualTo(victim.toString());
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.properties()).containsKeys("expected", "actual");
                });
        assertThat(rules(report)).doesNotContain("RG-BAK-STALE", "RG-BAK-321-COPIES");
    }

    @Test
    void shouldReportATruncatedArchiveByChecksumAndSelfCheck() throws IOException {
        Path victim = BackupFixture.files(offsite, "config-*.tar.gz").get(0);
        BackupFixture.truncate(victim, Files.size(victim) / 2);

        GateReport report = verify(fullConfig());

        // the drill's first pick (sorted order) is this very file, so the restore comparison catches it too
        assertThat(rules(report)).containsExactly("RG-BAK-ARCHIVE-CORRUPT", "RG-BAK-CHECKSUM-MISMATCH",
                "RG-BAK-DRILL-MISMATCH");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.location()).isEqualTo(victim.toString()));
    }

    @Test
    void shouldReportAZipWhoseEntryIsDamaged() throws IOException {
        Path victim = BackupFixture.files(primary, "media-*.zip").get(1);
        BackupFixture.flipByte(victim, 200);
        BackupFixture.writeManifest(primary, false); // the manifest was rewritten after the damage: only the self-check sees it

        GateReport report = verify(fullConfig());

        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-ARCHIVE-CORRUPT"))
                .singleElement().satisfies(f -> assertThat(f.location()).isEqualTo(victim.toString()));
        assertThat(rules(report)).contains("RG-BAK-COPIES-DISAGREE");
    }

    @Test
    void shouldReportAStaleCopyThatStoppedReceivingBackups() throws IOException {
        for (Path p : BackupFixture.files(nas, "*-" + java.time.LocalDate.ofInstant(fx.now.minus(Duration.ofHours(1)),
                java.time.ZoneOffset.UTC) + ".*")) {
            Files.delete(p);
        }
        BackupFixture.writeManifest(nas, true);

        GateReport report = verify(fullConfig());

        assertThat(rules(report)).containsExactly("RG-BAK-COPY-BEHIND", "RG-BAK-STALE");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.subject()).isEqualTo("orders-db @ nas"));
    }

    @Test
    void shouldReportEveryCopyStaleWhenTheWholeSetIsOld() throws IOException {
        GateReport report = BackupVerifier.verify(new BackupsRequest(fullConfig(),
                fx.now.plus(Duration.ofDays(3)), null, Map.of()));

        assertThat(report.findings()).extracting(Finding::ruleId).containsOnly("RG-BAK-STALE").hasSize(3);
    }

    @Test
    void shouldReportAMissingOffsiteCopy() throws IOException {
        GateReport report = verify(config("      - { location: offsite, media: tape }\n"));

        assertThat(rules(report)).containsExactly("RG-BAK-321-OFFSITE");
    }

    @Test
    void shouldApplyConfiguredThresholds() throws IOException {
        Path config = fx.config("""
                policy: { min-copies: 2, min-media: 1, min-offsite: 0 }
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: disk }
                """);

        assertThat(verify(config).findings()).isEmpty();
    }

    @Test
    void shouldReportTooFewMediaAndRetainedBackups() throws IOException {
        Path config = fx.config("""
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    min-backups: 20
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: Disk }
                      - { location: offsite, media: disk, offsite: true, min-backups: 2 }
                """);

        GateReport report = verify(config);

        assertThat(rules(report)).containsExactly("RG-BAK-321-MEDIA", "RG-BAK-MIN-BACKUPS");
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-MIN-BACKUPS")).hasSize(2);
    }

    @Test
    void shouldReportMissingUnlistedAndEmptyFiles() throws IOException {
        Path gone = BackupFixture.files(primary, "orders-*.dump").get(0);
        Files.delete(gone);
        Path extra = Files.write(primary.resolve("orders-extra.dump"), new byte[] {1, 2, 3});
        Path empty = Files.write(primary.resolve("orders-empty.dump"), new byte[0]);
        Files.setLastModifiedTime(extra, FileTime.from(fx.now.minus(Duration.ofDays(5))));
        Files.setLastModifiedTime(empty, FileTime.from(fx.now.minus(Duration.ofDays(5))));

        GateReport report = verify(fullConfig());

        assertThat(report.findings()).extracting(Finding::ruleId, Finding::location).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("RG-BAK-FILE-MISSING", gone.toString()),
                org.assertj.core.groups.Tuple.tuple("RG-BAK-FILE-UNLISTED", extra.toString()),
                org.assertj.core.groups.Tuple.tuple("RG-BAK-FILE-UNLISTED", empty.toString()),
                org.assertj.core.groups.Tuple.tuple("RG-BAK-FILE-EMPTY", empty.toString()));
    }

    @Test
    void shouldReportAMissingOrMalformedManifest() throws IOException {
        Files.delete(nas.resolve("SHA256SUMS"));
        Files.writeString(offsite.resolve("SHA256SUMS"), "not a checksum line\n", java.nio.file.StandardOpenOption.APPEND);

        GateReport report = verify(fullConfig());

        assertThat(rules(report)).containsExactly("RG-BAK-MANIFEST-INVALID", "RG-BAK-MANIFEST-MISSING");
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-MANIFEST-INVALID"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("line 15"));
    }

    @Test
    void shouldRotateDrillsUntilEveryFileWasRestored() throws IOException {
        Path config = fullConfig();
        Path state = tmp.resolve("state/drills.json");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int run = 0; run < 8; run++) {
            GateReport report = verify(config);
            assertThat(report.findings()).isEmpty();
            assertThat(report.summary()).containsEntry("filesDrilled", 6L);
            if (run < 7) {
                seen.addAll(drilled(state, "orders-db|primary"));
            }
        }
        List<String> all = BackupFixture.files(primary, "*-*").stream().map(p -> p.getFileName().toString()).toList();
        assertThat(seen).as("7 runs of 2 files cover all 14 files").containsExactlyInAnyOrderElementsOf(all);
        assertThat(drilled(state, "orders-db|primary")).as("run 8 starts cycle 2 from the beginning")
                .containsExactly(all.get(0), all.get(1));
        assertThat(Files.readString(state)).contains("\"cycle\" : 2");
    }

    private static List<String> drilled(Path state, String key) throws IOException {
        var node = io.releasegates.report.Json.mapper().readTree(state.toFile()).path("copies").path(key)
                .path("drilled");
        List<String> out = new java.util.ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void shouldRefuseAStateFileInsideABackupLocation() throws IOException {
        Path config = fullConfig();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BackupVerifier.verify(
                        new BackupsRequest(config, fx.now, primary.resolve("drills.json"), Map.of())))
                .isInstanceOf(io.releasegates.report.BadInputException.class)
                .hasMessageContaining("inside backup location 'primary'");
        assertThat(primary.resolve("drills.json")).doesNotExist();
    }

    @Test
    void shouldReportAPostgresDumpThatPgRestoreCannotList() throws IOException {
        io.releasegates.tools.ExternalTool.require("postgresql-client", "pg_restore");
        Path dump = BackupFixture.files(primary, "orders-*.dump").get(7);
        byte[] data = Files.readAllBytes(dump);
        System.arraycopy("PGDMP".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, data, 0, 5);
        Files.write(dump, data);
        Files.setLastModifiedTime(dump, FileTime.from(fx.now.minus(Duration.ofDays(1))));
        BackupFixture.writeManifest(primary, false);

        GateReport report = verify(config("      - { location: offsite, media: tape, offsite: true }\n"));

        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-ARCHIVE-CORRUPT"))
                .singleElement().satisfies(f -> {
                    assertThat(f.location()).isEqualTo(dump.toString());
                    assertThat(f.message()).contains("pg_restore --list failed");
                });
    }

    @Test
    void shouldNeverFollowASymbolicLinkOutOfTheCopy() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside-secret.txt"), "not a backup");
        Path link = Files.createSymbolicLink(primary.resolve("link.dump"), outside);

        GateReport report = verify(fullConfig());

        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-FILE-UNREADABLE")).singleElement()
                .satisfies(f -> {
                    assertThat(f.location()).isEqualTo(link.toString());
                    assertThat(f.message()).contains("symbolic link; not followed");
                });
    }

    @Test
    void shouldReportAMissingResticBinaryAsAnUnreadableCopy() throws IOException {
        Path config = fx.config("""
                restic: { binary: /nonexistent/restic }
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: nas }
                      - { location: "restic:offsite", media: cloud, offsite: true, password-env: PW }
                """);

        GateReport report = BackupVerifier.verify(new BackupsRequest(config, fx.now, null, Map.of("PW", "x")));

        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-COPY-UNREADABLE")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("/nonexistent/restic"));
    }
}
