package io.releasegates.cli;

import io.releasegates.scan.NvdApi;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes text on line by line with a secret masked ({@link NvdApi#mask}). Set as System.out/System.err while a scan
 * holds an NVD API key, so that no library's log line (Dependency-Check logs exceptions whose messages quote the
 * ends of a rejected key) can print it.
 */
final class MaskingOutputStream extends LineBufferingOutputStream {
    private final String secret;

    private MaskingOutputStream(OutputStream out, String secret) {
        super(out);
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
    public synchronized void flush() throws IOException {
        // autoflush after every println: a line is complete by then
        flushLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    @Override
    protected void passLine(String text) throws IOException {
        out.write(NvdApi.mask(text, secret).getBytes(StandardCharsets.UTF_8));
    }
}
