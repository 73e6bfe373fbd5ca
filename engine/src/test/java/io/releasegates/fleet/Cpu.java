package io.releasegates.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds used by this JVM and by the local PostgreSQL server processes, read from /proc: on a machine shared
 * with other builds, wall-clock rates mostly measure the neighbours; rows per CPU-second measure the store.
 */
final class Cpu {
    private static final double TICKS = 100.0;

    private Cpu() {
    }

    static double jvmSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /**
     * Sum over the bench's PostgreSQL server: its postmaster and its child processes (including exited backends' time
     * reaped into the postmaster's children). Without a known postmaster, every process named postgres (other builds on
     * the machine may then inflate it).
     */
    static double postgresSeconds() {
        long server = io.releasegates.fleet.store.TestPostgres.serverPid().orElse(-1);
        double total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    if (!comm.equals("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (server > 0 && pid != server && Long.parseLong(f[1]) != server) {
                        continue;
                    }
                    // fields after comm: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
                    total += (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS;
                } catch (IOException | RuntimeException ignored) {
                    // the process ended while we read it
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }
}
