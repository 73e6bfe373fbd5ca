package io.releasegates.cli;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Progress of a long command on stderr: on a terminal one line rewritten in place (elapsed time, CPU time, step);
 * otherwise (CI logs, pipes) a plain line per step, so a log still shows where the time went.
 */
final class ProgressLine implements Consumer<String>, AutoCloseable {
    private final PrintStream err;
    private final boolean terminal;
    private final String prefix;
    private final long start = System.nanoTime();
    private boolean open;

    ProgressLine(PrintStream err, boolean terminal, String prefix) {
        this.err = err;
        this.terminal = terminal;
        this.prefix = prefix;
    }

    /** For stderr as the JVM got it: a terminal when the JVM has a console. */
    static ProgressLine stderr(String prefix) {
        return new ProgressLine(System.err, System.console() != null, prefix);
    }

    @Override
    public synchronized void accept(String step) {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0.0;
        String line = String.format("%s[%5.1fs, cpu %5.1fs] %s", prefix, (System.nanoTime() - start) / 1e9, cpu, step);
        if (terminal) {
            // carriage return and "erase to end of line": the next step overwrites this one
            err.print("\r\u001b[K" + line);
            open = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Clears the progress line on a terminal, so the results start on a clean line. */
    @Override
    public synchronized void close() {
        if (open) {
            err.print("\r\u001b[K");
            err.flush();
            open = false;
        }
    }
}
