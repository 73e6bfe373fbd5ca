package io.releasegates.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.files.PermissionBoundJvm;
import io.releasegates.report.GateReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file and a directory the checking process may not read (mode 000), checked by a process that permission bits
 * bind: each is reported as unreadable, never as removed, and the rest of the tree is still checked. Runs whether
 * the suite runs as root or not (see {@link PermissionBoundJvm}).
 */
class PermissionDeniedTreeTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReportPermissionDeniedEntriesAndCheckTheRest() throws Exception {
        Path tree = BaselineCheckTest.configTree(tmp.resolve("etc"));
        Files.createDirectories(tree.resolve("private"));
        Files.writeString(tree.resolve("private/key.pem"), "not for everyone\n");
        Path baseline = tmp.resolve("baseline.json");
        BaselineFile.write(new IntegrityChecker(2).baseline(tree, PathFilter.ALL), baseline, null);
        // a real change beside the unreadable entries, which the check must still find
        Files.writeString(tree.resolve("conf.d/cache.properties"), "size=4096\n");
        Files.setPosixFilePermissions(tree.resolve("conf.d/db.properties"), PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(tree.resolve("private"), PosixFilePermissions.fromString("---------"));
        try {
            List<String> findings = PermissionBoundJvm.run(Child.class, tree.toString(), baseline.toString())
                    .lines().filter(l -> l.startsWith("RG-")).toList();

            assertThat(findings).anySatisfy(l -> assertThat(l).startsWith("RG-INT-UNREADABLE conf.d/db.properties")
                    .contains("permission denied"));
            assertThat(findings).anySatisfy(l -> assertThat(l).startsWith("RG-INT-UNREADABLE private")
                    .contains("permission denied"));
            assertThat(findings).anySatisfy(l -> assertThat(l).startsWith("RG-INT-MODIFIED conf.d/cache.properties"));
            assertThat(findings).noneMatch(l -> l.startsWith("RG-INT-REMOVED"));
        } finally {
            Files.setPosixFilePermissions(tree.resolve("private"), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(tree.resolve("conf.d/db.properties"), PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The check as the unprivileged process runs it: one line per finding, rule id, location, message. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            GateReport report = new IntegrityChecker(2).checkBaseline(Path.of(args[0]), Path.of(args[1]), null, List.of());
            report.findings().forEach(f -> System.out.println(f.ruleId() + " " + f.location() + " " + f.message()));
        }
    }
}
