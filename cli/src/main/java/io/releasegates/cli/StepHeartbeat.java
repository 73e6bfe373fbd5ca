package io.releasegates.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The console lines of {@code check}: the check runner reports each step as it finishes ("  scan: 28 finding(s)
 * (19924 ms)"); the steps run in parallel and the first scan can take a minute, so after {@value #QUIET_SECONDS} s
 * without a line this says which steps are still running. A run never looks hung.
 */
final class StepHeartbeat implements Consumer<String>, AutoCloseable {
    static final int QUIET_SECONDS = 7;
    private final Set<String> running;
    private final PrintWriter err;
    private final ScheduledExecutorService timer;
    private final long start = System.nanoTime();
    private long lastLine = System.nanoTime();

    StepHeartbeat(Set<String> steps, PrintWriter err) {
        this.running = new LinkedHashSet<>(steps);
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "check-heartbeat");
            t.setDaemon(true);
            return t;
        });
        print("  running " + String.join(", ", running) + "…");
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void accept(String line) {
        // "  NAME: ..." is the runner's line for a finished step
        String t = line.strip();
        int colon = t.indexOf(':');
        if (colon > 0) {
            running.remove(t.substring(0, colon));
        }
        print(line);
    }

    private synchronized void tick() {
        if (!running.isEmpty() && System.nanoTime() - lastLine >= TimeUnit.SECONDS.toNanos(QUIET_SECONDS)) {
            print("  still running: " + String.join(", ", running) + " ("
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s)…");
        }
    }

    private void print(String line) {
        err.println(line);
        err.flush();
        lastLine = System.nanoTime();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
