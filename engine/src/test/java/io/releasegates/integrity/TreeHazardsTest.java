package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Paths that must never be read or followed, and paths that cannot be read: findings, never hangs or crashes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a FIFO that were opened would block until this fires
class TreeHazardsTest {
    @TempDir
    Path tmp;

    private final IntegrityChecker checker = new IntegrityChecker(2);

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    private static Finding only(GateReport report, String ruleId, String location) {
        return report.findings().stream().filter(f -> f.ruleId().equals(ruleId) && f.location().equals(location))
                .findFirst().orElseThrow(() -> new AssertionError(ruleId + " " + location + " not in " + report.findings()));
    }

    @Test
    void shouldReportAFifoAndASocketWithoutReadingThem() throws Exception {
        Path tree = BaselineCheckTest.configTree(tmp.resolve("etc"));
        SigningKey key = SigningKey.generateHmac();
        Path baseline = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), baseline, key);
        mkfifo(tree.resolve("control.fifo"));
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(tree.resolve("agent.sock")));

            GateReport report = checker.checkBaseline(tree, baseline, key, List.of());

            assertThat(only(report, "RG-INT-SPECIAL", "control.fifo").severity()).isEqualTo(Severity.HIGH);
            assertThat(only(report, "RG-INT-SPECIAL", "agent.sock").message()).contains("socket");
            only(report, "RG-INT-ADDED", "control.fifo");
            // recorded by type, never hashed
            Baseline now = checker.baseline(tree, PathFilter.ALL);
            assertThat(now.entries()).filteredOn(e -> e.path().equals("control.fifo")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.type()).isEqualTo(EntryType.FIFO);
                        assertThat(e.sha256()).isNull();
                    });
        }
    }

    @Test
    void shouldReportAnApprovedFifoAtMediumOnly() throws Exception {
        Path tree = BaselineCheckTest.configTree(tmp.resolve("etc"));
        mkfifo(tree.resolve("control.fifo"));
        SigningKey key = SigningKey.generateHmac();
        Path baseline = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), baseline, key);

        GateReport report = checker.checkBaseline(tree, baseline, key, List.of());

        assertThat(report.findings()).extracting(Finding::ruleId).containsExactly("RG-INT-SPECIAL");
        assertThat(report.findings().get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(report.passes(Severity.HIGH)).isTrue();
    }

    @Test
    void shouldReportSymlinksOutOfTheTreeWithoutFollowingThem() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        mkfifo(outside.resolve("trap.fifo")); // following any of these links and reading would hang
        Path tree = BaselineCheckTest.configTree(tmp.resolve("etc"));
        SigningKey key = SigningKey.generateEd25519();
        Path baseline = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), baseline, key);
        Files.createSymbolicLink(tree.resolve("absolute-escape"), outside.resolve("trap.fifo"));
        Files.createSymbolicLink(tree.resolve("conf.d/relative-escape"), Path.of("../../outside/trap.fifo"));
        Files.createSymbolicLink(tree.resolve("dir-escape"), outside);
        Files.createSymbolicLink(tree.resolve("conf.d/inside"), Path.of("../app.yml"));

        GateReport report = checker.checkBaseline(tree, baseline, key, List.of());

        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-INT-LINK-ESCAPE"))
                .extracting(Finding::location)
                .containsExactlyInAnyOrder("absolute-escape", "conf.d/relative-escape", "dir-escape");
        assertThat(only(report, "RG-INT-LINK-ESCAPE", "dir-escape").message()).contains("not followed");
        // the linked directory was not entered
        assertThat(report.findings()).noneMatch(f -> f.location().startsWith("dir-escape/"));
        assertThat(checker.baseline(tree, PathFilter.ALL).entries())
                .filteredOn(e -> e.type() == EntryType.SYMLINK).allSatisfy(e -> assertThat(e.sha256()).isNull());
    }

    @Test
    void shouldReportAnApprovedOutsideLinkAtMediumAndItsRetargetingAtHigh() throws Exception {
        Path tree = BaselineCheckTest.configTree(tmp.resolve("etc"));
        Files.createSymbolicLink(tree.resolve("localtime"), Path.of("/usr/share/zoneinfo/Etc/UTC"));
        SigningKey key = SigningKey.generateHmac();
        Path baseline = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), baseline, key);

        GateReport approved = checker.checkBaseline(tree, baseline, key, List.of());
        assertThat(approved.findings()).extracting(f -> f.ruleId() + " " + f.severity())
                .containsExactly("RG-INT-LINK-ESCAPE MEDIUM");

        Files.delete(tree.resolve("localtime"));
        Files.createSymbolicLink(tree.resolve("localtime"), Path.of("/etc/shadow"));
        GateReport retargeted = checker.checkBaseline(tree, baseline, key, List.of());
        assertThat(retargeted.findings()).extracting(f -> f.ruleId() + " " + f.severity())
                .containsExactlyInAnyOrder("RG-INT-LINK-ESCAPE HIGH", "RG-INT-RETARGETED HIGH");
    }

    @Test
    void shouldReportUnreadableFilesAndDirectoriesAsFindings() throws Exception {
        Path tree = BaselineCheckTest.configTree(tmp.resolve("etc"));
        SigningKey key = SigningKey.generateHmac();
        Path baseline = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), baseline, key);
        Path secret = tree.resolve("conf.d/db.properties");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(tree.resolve("conf.d"), PosixFilePermissions.fromString("---------"));
        try {
            assumeTrue(!Files.isReadable(secret), "running as root: permissions do not stop reads here "
                    + "(see shouldReportFilesTheKernelRefusesToRead for the root case)");
            GateReport report = checker.checkBaseline(tree, baseline, key, List.of());
            assertThat(only(report, "RG-INT-UNREADABLE", "conf.d").message()).contains("permission denied");
            assertThat(report.findings()).noneMatch(f -> f.ruleId().equals("RG-INT-REMOVED"));
        } finally {
            Files.setPosixFilePermissions(tree.resolve("conf.d"), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * Root reads any file regardless of permissions, so the real-world unreadable case for root is a file the
     * kernel refuses: sysfs write-only attributes such as /sys/bus/platform/drivers_probe.
     */
    @Test
    void shouldReportFilesTheKernelRefusesToRead() throws IOException {
        Path sysfs = Path.of("/sys/bus/platform");
        assumeTrue(Files.isRegularFile(sysfs.resolve("drivers_probe")), "no sysfs platform bus here");
        assumeTrue(!canRead(sysfs.resolve("drivers_probe")), "drivers_probe is readable here");
        PathFilter filter = new PathFilter(List.of(), List.of("/devices", "/drivers"));

        Baseline baseline = checker.baseline(sysfs, filter);

        assertThat(baseline.entries()).filteredOn(e -> e.path().equals("drivers_probe")).singleElement()
                .satisfies(e -> {
                    assertThat(e.problem()).contains("cannot read");
                    assertThat(e.sha256()).isNull();
                });
        assertThat(baseline.entries()).filteredOn(e -> e.path().equals("drivers_autoprobe")).singleElement()
                .satisfies(e -> assertThat(e.sha256()).hasSize(64));
        Path file = tmp.resolve("sysfs.json");
        BaselineFile.write(baseline, file, null);
        GateReport report = checker.checkBaseline(sysfs, file, null, List.of());
        assertThat(only(report, "RG-INT-UNREADABLE", "drivers_probe").severity()).isEqualTo(Severity.HIGH);
        assertThat(report.findings()).noneMatch(f -> f.ruleId().equals("RG-INT-MODIFIED"));
    }

    private static boolean canRead(Path p) {
        try {
            Files.readAllBytes(p);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
