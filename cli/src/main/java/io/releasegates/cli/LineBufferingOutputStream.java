package io.releasegates.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects bytes up to each line end and hands the line, as text, to {@link #passLine}. Shared by the streams that
 * judge or rewrite whole lines ({@link StackTraceFilter}, {@link MaskingOutputStream}): a line can only be matched
 * or masked once it is complete, so no byte reaches {@code out} before its line ends or {@link #flushLine} is called.
 */
abstract class LineBufferingOutputStream extends OutputStream {
    protected final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineBufferingOutputStream(OutputStream out) {
        this.out = out;
    }

    /** What to write to {@link #out} for one line (with its line end, unless it is a partial line being flushed). */
    protected abstract void passLine(String text) throws IOException;

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** Hands the buffered text, if any, to {@link #passLine} and empties the buffer. */
    protected final synchronized void flushLine() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        passLine(text);
    }
}
