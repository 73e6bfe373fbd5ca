package io.releasegates.cli;

import io.releasegates.scan.NvdApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes text on line by line with a secret masked ({@link NvdApi#mask}). Set as System.out/System.err while a scan
 * holds an NVD API key, so that no library's log line (Dependency-Check logs exceptions whose messages quote the
 * ends of a rejected key) can print it.
 */
final class MaskingOutputStream extends OutputStream {
    private final OutputStream out;
    private final String secret;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private MaskingOutputStream(OutputStream out, String secret) {
        this.out = out;
        this.secret = secret;
    }

    static PrintStream masking(PrintStream out, String secret) {
        return new PrintStream(new MaskingOutputStream(out, secret), true, StandardCharsets.UTF_8);
    }

    /** Work that may throw what the command may throw. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} with System.out and System.err masking {@code secret}, then puts both back. */
    static <T> T withMasked(String secret, Work<T> work) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(masking(out, secret));
        System.setErr(masking(err, secret));
        try {
            return work.run();
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
        }
    }

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

    @Override
    public synchronized void flush() throws IOException {
        // autoflush after every println: a line is complete by then
        flushLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private void flushLine() throws IOException {
        if (line.size() > 0) {
            out.write(NvdApi.mask(line.toString(StandardCharsets.UTF_8), secret).getBytes(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
