package io.releasegates.inventory;

import io.releasegates.files.RegularFiles;
import io.releasegates.files.Digests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-1 and SHA-256 (or either) of everything read through it, so a nested archive is hashed in the same pass that
 * opens it. A digest not asked for stays empty in the result.
 */
final class DigestingStream extends FilterInputStream {
    private final MessageDigest sha1;
    private final MessageDigest sha256;
    private long bytes;

    DigestingStream(InputStream in) {
        this(in, WalkDigests.Hashes.BOTH);
    }

    DigestingStream(InputStream in, WalkDigests.Hashes which) {
        super(in);
        this.sha1 = which.sha1() ? Digests.newDigest("SHA-1") : null;
        this.sha256 = which.sha256() ? Digests.newDigest("SHA-256") : null;
    }

    static ArchiveDigests of(Path file) throws IOException {
        return of(file, WalkDigests.Hashes.BOTH);
    }

    static ArchiveDigests of(Path file, WalkDigests.Hashes which) throws IOException {
        try (DigestingStream in = new DigestingStream(RegularFiles.newInputStream(file), which)) {
            return in.drain();
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            if (sha1 != null) {
                sha1.update((byte) b);
            }
            if (sha256 != null) {
                sha256.update((byte) b);
            }
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            if (sha1 != null) {
                sha1.update(buf, off, n);
            }
            if (sha256 != null) {
                sha256.update(buf, off, n);
            }
            bytes += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what is left and returns the digests of the whole stream. */
    ArchiveDigests drain() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
        HexFormat hex = HexFormat.of();
        return new ArchiveDigests(sha1 == null ? "" : hex.formatHex(sha1.digest()),
                sha256 == null ? "" : hex.formatHex(sha256.digest()), bytes);
    }
}
