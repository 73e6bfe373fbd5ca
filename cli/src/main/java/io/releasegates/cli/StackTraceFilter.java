package io.releasegates.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Drops stack-trace lines from stderr unless {@code RELEASE_GATES_DEBUG} is set. Our own errors are one line each,
 * but libraries log exceptions through slf4j-simple (which always appends the trace) and the XML parser used to
 * print {@code [Fatal Error]} lines: the user gets the message line, never the frames. With the variable set,
 * everything passes, for a bug report.
 */
final class StackTraceFilter extends LineBufferingOutputStream {
    /** "\tat pkg.Class.method(File.java:12)", "Caused by: …", "\t... 12 more", "\tSuppressed: …", "[Fatal Error] …". */
    private static final Pattern TRACE = Pattern.compile(
            "^(\\s+at \\S+\\(.*\\)|\\s*Caused by: .*|\\s+\\.\\.\\. \\d+ (more|common frames omitted)|\\s+Suppressed: .*"
                    + "|\\[Fatal Error\\].*|\\[Error\\] :\\d+:\\d+:.*)\\s*$");

    StackTraceFilter(OutputStream out) {
        super(out);
    }

    /** Installs the filter on System.err unless debugging. */
    static void install() {
        if (System.getenv("RELEASE_GATES_DEBUG") == null) {
            System.setErr(new PrintStream(new StackTraceFilter(System.err), true, StandardCharsets.UTF_8));
        }
    }

    static boolean isTraceLine(String line) {
        return TRACE.matcher(line).matches();
    }

    @Override
    public synchronized void flush() throws IOException {
        // a partial line is held until its end: only then can it be judged
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flushLine();
        out.close();
    }

    @Override
    protected void passLine(String text) throws IOException {
        if (!isTraceLine(text)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
