package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.files.PermissionBoundJvm;
import io.releasegates.report.GateReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup copy holding a file and a folder the verifying process may not read: each is listed as unreadable and the
 * walk goes on, so the rest of the copy is still counted. Runs as a permission-bound process (see
 * {@link PermissionBoundJvm}) because root would read them anyway.
 */
class PermissionDeniedCopyTest {
    @TempDir
    Path tmp;

    @Test
    void shouldListEveryPermissionDeniedEntryAndVerifyTheRest() throws Exception {
        BackupFixture fx = new BackupFixture(tmp);
        Path primary = fx.dailyBackups("primary", 8, false);
        Path nas = fx.mirror(primary, "nas");
        BackupFixture.writeManifest(nas, true);
        // a listed backup (so the verifier must read it to hash it) and a folder it must walk into
        Path lockedFile;
        try (var files = Files.list(nas)) {
            lockedFile = files.filter(p -> !p.getFileName().toString().startsWith("SHA256")).sorted().findFirst().orElseThrow();
        }
        Path lockedDir = Files.createDirectories(nas.resolve("aaa-private"));
        Files.writeString(lockedDir.resolve("inner.txt"), "x\n");
        long backupsPerCopy;
        try (var files = Files.list(primary)) {
            backupsPerCopy = files.filter(p -> !p.getFileName().toString().startsWith("SHA256")).count();
        }
        Path config = fx.config("""
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    min-backups: 7
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: nas }
                """);
        Files.setPosixFilePermissions(lockedFile, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(lockedDir, PosixFilePermissions.fromString("---------"));
        try {
            List<String> lines = PermissionBoundJvm.run(Child.class, config.toString(), fx.now.toString()).lines().toList();

            assertThat(lines).filteredOn(l -> l.startsWith("RG-BAK-FILE-UNREADABLE"))
                    .anySatisfy(l -> assertThat(l).contains(lockedFile.getFileName().toString()).contains("permission denied"))
                    .anySatisfy(l -> assertThat(l).contains("aaa-private").contains("permission denied"));
            assertThat(lines).noneMatch(l -> l.startsWith("RG-BAK-COPY-UNREADABLE"));
            assertThat(lines).filteredOn(l -> l.startsWith("files=")).singleElement()
                    .satisfies(l -> assertThat(Long.parseLong(l.substring("files=".length())))
                            .as("every backup of both copies was still listed, the locked one included")
                            .isEqualTo(2 * backupsPerCopy));
        } finally {
            Files.setPosixFilePermissions(lockedDir, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(lockedFile, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The verification as the unprivileged process runs it: one line per finding, then the file count. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            GateReport report = BackupVerifier.verify(
                    new BackupsRequest(Path.of(args[0]), Instant.parse(args[1]), null, Map.of()));
            report.findings().forEach(f -> System.out.println(f.ruleId() + " " + f.location() + " " + f.message()));
            System.out.println("files=" + report.summary().get("files"));
        }
    }
}
