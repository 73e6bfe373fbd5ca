package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FIFOs and sockets in a backup copy: each reported, none read, and the walk goes on past them. */
class SpecialFilesInCopiesTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReportEverySpecialFileAndStillVerifyTheRest() throws Exception {
        BackupFixture fx = new BackupFixture(tmp);
        Path primary = fx.dailyBackups("primary", 8, false);
        Path nas = fx.mirror(primary, "nas");
        BackupFixture.writeManifest(nas, true);
        // a FIFO where a listed backup was (a swap before the hash), and one among the files
        Path listed;
        try (var files = Files.list(nas)) {
            listed = files.filter(p -> !p.getFileName().toString().startsWith("SHA256")).sorted().findFirst().orElseThrow();
        }
        Files.delete(listed);
        mkfifo(listed);
        mkfifo(nas.resolve("aaa-control.fifo"));
        Path config = fx.config("""
                backup-sets:
                  - name: orders-db
                    rpo: 24h
                    min-backups: 7
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: nas }
                """);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(nas.resolve("agent.sock")));

            GateReport report = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> BackupVerifier.verify(new BackupsRequest(config, fx.now, null, Map.of())));

            assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("RG-BAK-FILE-UNREADABLE"))
                    .extracting(Finding::message)
                    .anySatisfy(m -> assertThat(m).contains("aaa-control.fifo").contains("a FIFO (named pipe); not read"))
                    .anySatisfy(m -> assertThat(m).contains(listed.getFileName().toString()).contains("FIFO"))
                    .anySatisfy(m -> assertThat(m).contains("agent.sock").contains("a socket; not read"));
            assertThat(report.findings()).noneMatch(f -> f.ruleId().equals("RG-BAK-COPY-UNREADABLE"));
            assertThat(report.summary().get("files")).as("the other files were still listed").isGreaterThanOrEqualTo(14L + 12L);
        }
    }

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
