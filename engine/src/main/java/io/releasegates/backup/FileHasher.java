package io.releasegates.backup;

import io.releasegates.files.RegularFiles;
import io.releasegates.files.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 of one file, opened read-only through {@link RegularFiles} (a FIFO or device swapped in is refused, never
 * waited on). Large reads into a reused heap buffer keep the JDK's SHA intrinsics busy;
 * parallelism comes from hashing many files at once on the verifier's pool (one thread per core).
 */
final class FileHasher {
    private static final int BUFFER = 1 << 20;
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER));

    private FileHasher() {
    }

    /** Hash and the number of bytes actually read (a truncated file shows in the size). */
    record Result(String sha256, long size) {
    }

    static Result hash(Path file) throws IOException {
        MessageDigest md = Digests.newDigest("SHA-256");
        ByteBuffer buf = BUFFERS.get();
        long size = 0;
        try (SeekableByteChannel ch = RegularFiles.open(file)) {
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                md.update(buf.array(), 0, n);
                size += n;
            }
        }
        return new Result(HexFormat.of().formatHex(md.digest()), size);
    }
}
