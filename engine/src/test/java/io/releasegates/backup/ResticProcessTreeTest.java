package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A hung restic and what it started are killed on timeout; SIGTERM leaves neither processes nor restored files. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResticProcessTreeTest {
    @TempDir
    Path tmp;

    /** A stand-in restic that starts a child (as a backend or password command would) and hangs. */
    static Path hangingRestic(Path dir, Path pidFile) throws Exception {
        Path script = dir.resolve("restic");
        Files.writeString(script, "#!/bin/sh\nsleep 300 &\necho $! > '" + pidFile + "'\nwait\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Killed but not yet reaped: a zombie runs nothing, whoever is late to reap it. */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    static long awaitPid(Path pidFile) throws Exception {
        for (int i = 0; i < 200 && (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()); i++) {
            Thread.sleep(50);
        }
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive() || zombie(pid)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void shouldKillResticAndItsChildrenOnTimeout() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        Path restic = hangingRestic(tmp, pidFile);
        ResticRepository repo = new ResticRepository(restic.toString(), tmp.resolve("repo"), "pw", null, tmp,
                Duration.ofSeconds(2));

        ResticRepository.Run run = repo.check("1/10");

        assertThat(run.exitCode()).isEqualTo(-1);
        assertThat(run.reason()).contains("did not finish within");
        assertThat(gone(awaitPid(pidFile))).as("restic's child was killed with it").isTrue();
    }

    @Test
    void shouldKillResticAndRemoveTheWorkspaceOnSigterm() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        Path restic = hangingRestic(tmp, pidFile);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WorkspaceProbe.class.getName(), restic.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
            Path workspace = Path.of(out.readLine());
            assertThat(workspace.resolve("restored-secret.dat")).exists();
            long child = awaitPid(pidFile);

            probe.destroy(); // SIGTERM
            assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(workspace).doesNotExist();
            assertThat(gone(child)).as("restic's child was killed by the shutdown hook").isTrue();
        } finally {
            probe.destroyForcibly();
        }
    }

    /** Runs a verifier-like workspace with a restic that hangs, until it is sent SIGTERM. */
    public static final class WorkspaceProbe {
        public static void main(String[] args) throws Exception {
            Workspace w = Workspace.create();
            Files.writeString(w.dir().resolve("restored-secret.dat"), "a restored copy of backed-up data");
            System.out.println(w.dir());
            System.out.flush();
            new ResticRepository(args[0], w.dir().resolve("repo"), "pw", null, w.dir(), Duration.ofMinutes(5))
                    .restore("latest", List.of("/x"), w.dir().resolve("restore"));
        }
    }
}
