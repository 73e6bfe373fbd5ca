package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.backup.BackupConfig.Copy;
import io.releasegates.backup.BackupConfig.Kind;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class BackupConfigLoaderTest {
    @TempDir
    Path tmp;

    private static final String VALID_SET = """
            backup-sets:
              - name: orders-db
                rpo: 24h
                min-backups: 7
                copies:
                  - { location: /srv/backup/orders, media: disk }
                  - { location: /mnt/nas/orders, media: nas }
                  - { location: "restic:/mnt/offsite/orders", media: object-storage, offsite: true, password-env: RESTIC_PASSWORD }
            """;

    private BackupConfig load(String yaml) throws IOException {
        return BackupConfigLoader.load(Files.writeString(tmp.resolve("backups.yml"), yaml));
    }

    @Test
    void shouldAcceptTheShapeFromTheIssue() throws IOException {
        BackupConfig config = load(VALID_SET);

        assertThat(config.sets()).singleElement().satisfies(set -> {
            assertThat(set.name()).isEqualTo("orders-db");
            assertThat(set.rpo()).isEqualTo(Duration.ofHours(24));
            assertThat(set.minBackups()).isEqualTo(7);
            assertThat(set.policy()).isEqualTo(BackupConfig.Policy.DEFAULT);
            assertThat(set.copies()).extracting(Copy::kind).containsExactly(Kind.DIRECTORY, Kind.DIRECTORY, Kind.RESTIC);
            Copy restic = set.copies().get(2);
            assertThat(restic.path()).isEqualTo(Path.of("/mnt/offsite/orders"));
            assertThat(restic.offsite()).isTrue();
            assertThat(restic.passwordEnv()).isEqualTo("RESTIC_PASSWORD");
            assertThat(set.copies().get(0).manifest()).isEqualTo("SHA256SUMS");
        });
        assertThat(config.drill().stateFile()).isEqualTo(tmp.resolve(".backup-drills.json"));
        assertThat(config.sets()).isUnmodifiable();
    }

    @Test
    void shouldAcceptTheFullExampleInTheDocs() throws IOException {
        Path docs = Path.of(System.getProperty("releasegates.fixtureSources")).resolve("../docs/backups.md");
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(docs));
        assertThat(m.find()).as("docs/backups.md has a yaml example").isTrue();

        BackupConfig config = load(m.group(1));

        assertThat(config.sets()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(config.sets().get(0).copies()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(config.sets().stream().flatMap(s -> s.copies().stream()).map(Copy::kind)).contains(Kind.RESTIC);
    }

    @Test
    void shouldResolveRelativeLocationsAndReadDurations() throws IOException {
        BackupConfig config = load("""
                policy: { min-copies: 2, min-media: 1, min-offsite: 0 }
                drill: { fraction: 0.25, state-file: state.json }
                restic: { binary: /usr/bin/restic, check-parts: 4, timeout: 2h }
                archive-check: false
                backup-sets:
                  - name: a
                    rpo: 1d12h
                    copies:
                      - { location: here, media: disk }
                      - { location: "restic:repo", media: disk, password-file: pw.txt, check-subset: 10% }
                """);

        assertThat(config.sets().get(0).rpo()).isEqualTo(Duration.ofHours(36));
        assertThat(config.sets().get(0).copies().get(0).path()).isEqualTo(tmp.resolve("here"));
        assertThat(config.sets().get(0).copies().get(1).passwordFile()).isEqualTo(tmp.resolve("pw.txt"));
        assertThat(config.drill().sizeFor(10)).isEqualTo(3);
        assertThat(config.restic().checkParts()).isEqualTo(4);
        assertThat(config.archives()).isFalse();
    }

    /** invalid-* family: each bad config fails with one line naming the file and the key. */
    @TestFactory
    Stream<DynamicTest> shouldRejectInvalidConfigsNamingFileAndKey() {
        String copy = "      - { location: /a, media: disk }\n";
        String head = "backup-sets:\n  - name: s\n    rpo: 24h\n    copies:\n";
        List<String[]> cases = List.of(
                new String[] {"invalid-yaml", "backup-sets: [", "not valid YAML ("},
                new String[] {"invalid-empty", "", "expected a mapping with backup-sets"},
                new String[] {"invalid-no-sets", "policy: {}\n", "backup-sets: missing"},
                new String[] {"invalid-unknown-top-key", "backup_sets: []\n", "backup_sets: unknown key"},
                new String[] {"invalid-missing-rpo", "backup-sets:\n  - name: s\n    copies:\n" + copy,
                        "backup-sets[0].rpo: missing"},
                new String[] {"invalid-rpo", head.replace("24h", "soon") + copy, "backup-sets[0].rpo: not a duration"},
                new String[] {"invalid-zero-rpo", head.replace("24h", "0h") + copy, "rpo: duration must be positive"},
                new String[] {"invalid-min-backups", head.replace("rpo: 24h", "rpo: 24h\n    min-backups: many")
                        + copy, "backup-sets[0].min-backups: expected a whole number"},
                new String[] {"invalid-missing-media", head + "      - { location: /a }\n",
                        "backup-sets[0].copies[0].media: missing"},
                new String[] {"invalid-inline-password", head + "      - { location: \"restic:/r\", media: disk,"
                        + " password: hunter2 }\n", "copies[0].password: passwords never go in the config"},
                new String[] {"invalid-restic-without-password", head + "      - { location: \"restic:/r\", media: disk }\n",
                        "copies[0]: a restic copy needs password-env or password-file"},
                new String[] {"invalid-remote-restic", head + "      - { location: \"restic:s3:host/b\", media: disk,"
                        + " password-env: X }\n", "only local restic repositories"},
                new String[] {"invalid-offsite-type", head + "      - { location: /a, media: disk, offsite: maybe }\n",
                        "copies[0].offsite: expected true or false"},
                new String[] {"invalid-unknown-copy-key", head + "      - { location: /a, media: disk, medium: x }\n",
                        "copies[0].medium: unknown key"},
                new String[] {"invalid-duplicate-location", head + copy + copy, "copies[1].location: duplicate"},
                new String[] {"invalid-duplicate-set", head + copy + head.substring("backup-sets:\n".length()) + copy,
                        "backup-sets[1].name: duplicate set name 's'"},
                new String[] {"invalid-fraction", "drill: { fraction: 2 }\n" + head + copy,
                        "drill.fraction: expected a number in (0, 1]"},
                new String[] {"invalid-state-inside-copy", "drill: { state-file: /a/state.json }\n" + head + copy,
                        "drill.state-file: lies inside backup location '/a'"},
                new String[] {"invalid-check-subset", head + "      - { location: \"restic:/r\", media: disk,"
                        + " password-env: X, check-subset: lots }\n", "copies[0].check-subset: expected n/t"},
                new String[] {"invalid-manifest-path", head + "      - { location: /a, media: disk, manifest: ../x }\n",
                        "copies[0].manifest: a file name inside the copy"});
        return cases.stream().map(c -> DynamicTest.dynamicTest(c[0], () -> {
            Path file = Files.writeString(tmp.resolve(c[0] + ".yml"), c[1]);
            assertThatThrownBy(() -> BackupConfigLoader.load(file))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ":")
                    .hasMessageContaining(c[2])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("hunter2"));
        }));
    }

    @Test
    void shouldNameAMissingConfigFile() {
        Path missing = tmp.resolve("nope.yml");
        assertThatThrownBy(() -> BackupConfigLoader.load(missing)).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": backup config not found");
    }
}
