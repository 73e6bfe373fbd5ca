package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1: the H2 store opened a database port on every interface (AUTO_SERVER) whose key sat in a
 * world-readable file, with an empty password, and CREATE ALIAS ran Java in the server. Now: no listener, owner-only
 * files, one process at a time with a clear error.
 */
class H2StoreSafetyTest {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("try") // the resource is held open for its side effect (a lock, a live process)
    void shouldOpenNoListeningSocketWhenTheStoreIsOpenedAndWritten() throws Exception {
        Set<String> before = listeningSocketsOfThisProcess();
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(listeningSocketsOfThisProcess()).as("the probe sees a listener this JVM opens").hasSize(before.size() + 1);
        }
        String url = tmp.resolve("fleet").toString();
        try (FleetStore store = FleetStores.open(url); FleetStore second = FleetStores.open(url)) {
            store.ingest(StoreProcess.report(1, 0));
            second.ingest(StoreProcess.report(2, 0));
            assertThat(listeningSocketsOfThisProcess()).as("TCP sockets this JVM listens on").isEqualTo(before);
        }
        assertThat(listeningSocketsOfThisProcess()).isEqualTo(before);
    }

    @Test
    void shouldCreateTheStoreDirectoryAndFilesOwnerOnly() throws Exception {
        Path dir = tmp.resolve("new").resolve("store");
        try (FleetStore store = FleetStores.open(dir.resolve("fleet").toString())) {
            store.ingest(StoreProcess.report(1, 0));
            assertOwnerOnly(dir);
        }
        assertOwnerOnly(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("new")))).isEqualTo("rwx------");
        assertThat(dir.resolve("fleet.mv.db")).isNotEmptyFile();
        assertThat(dir.resolve("fleet.lock.db")).as("no AUTO_SERVER key file").doesNotExist();
    }

    @Test
    void shouldTightenTheFilesOfAStoreCreatedWorldReadable() throws Exception {
        String url = tmp.resolve("fleet").toString();
        try (FleetStore store = FleetStores.open(url)) {
            store.ingest(StoreProcess.report(1, 0));
        }
        Files.setPosixFilePermissions(tmp.resolve("fleet.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (FleetStore store = FleetStores.open(url)) {
            assertThat(store.host(StoreProcess.host(1))).isPresent();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("fleet.mv.db")))).isEqualTo("rw-------");
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for its side effect (a lock, a live process)
    void shouldTellASecondProcessTheStoreIsBusyAndWhoHoldsIt() throws Exception {
        String url = tmp.resolve("fleet").toString();
        Path file = tmp.resolve("fleet.mv.db").toAbsolutePath();
        Process holder = StoreProcess.command("hold", url).redirectError(tmp.resolve("holder.log").toFile()).start();
        try {
            String line = StoreProcess.readLine(holder);
            assertThat(line).as(Files.exists(tmp.resolve("holder.log")) ? Files.readString(tmp.resolve("holder.log")) : "")
                    .isEqualTo("open " + holder.pid());
            assertThatThrownBy(() -> FleetStores.open(url))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("store busy: " + file + " is open by another process (pid " + holder.pid() + ")")
                    .hasMessageNotContaining("\n");
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(holder.exitValue()).isZero();

        // the other way round: this JVM holds the store, a second JVM is refused with exit 2 and the one-line error
        try (FleetStore store = FleetStores.open(url)) {
            Process second = StoreProcess.command("open", url).start();
            String err = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(err).isEqualTo(2);
            assertThat(err.strip()).isEqualTo("release-gates: store busy: " + file + " is open by another process (pid "
                    + ProcessHandle.current().pid() + "); one process at a time uses an H2 store: post reports to the running"
                    + " `serve`, stop it first, or use PostgreSQL");
        }
        // released: a third process opens it
        Process third = StoreProcess.command("open", url).redirectErrorStream(true).start();
        String out = new String(third.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).startsWith("opened h2 ");
    }

    @Test
    void shouldRefuseAUrlThatAsksForAnAutoServerPort() {
        String url = "jdbc:h2:file:" + tmp.resolve("fleet").toAbsolutePath() + ";auto_server=true";
        assertThatThrownBy(() -> FleetStores.open(url))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("AUTO_SERVER is refused");
        assertThat(tmp.resolve("fleet.mv.db")).doesNotExist();
    }

    @Test
    void shouldWriteEveryCommitAtOnceAndLeaveExplicitSettingsAlone() {
        assertThat(FleetStores.jdbcUrl("/x/fleet")).isEqualTo("jdbc:h2:file:/x/fleet;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
        assertThat(FleetStores.jdbcUrl("jdbc:h2:file:/x/fleet;LOCK_TIMEOUT=50"))
                .isEqualTo("jdbc:h2:file:/x/fleet;LOCK_TIMEOUT=50;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(H2Files.databaseFile("jdbc:h2:file:/x/fleet;A=B")).contains(Path.of("/x/fleet.mv.db"));
        assertThat(H2Files.databaseFile("jdbc:h2:/x/fleet")).contains(Path.of("/x/fleet.mv.db"));
        assertThat(H2Files.databaseFile("jdbc:h2:mem:fleet")).isEmpty();
        assertThat(H2Files.databaseFile("jdbc:h2:tcp://db/fleet")).isEmpty();
    }

    private static void assertOwnerOnly(Path dir) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).isNotEmpty();
            for (Path f : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
            }
        }
    }

    /** local address:port of every TCP socket in LISTEN state whose inode is one of this process's open files. */
    static Set<String> listeningSocketsOfThisProcess() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed while listing
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    listening.add(f[1]);
                }
            }
        }
        return listening;
    }
}
