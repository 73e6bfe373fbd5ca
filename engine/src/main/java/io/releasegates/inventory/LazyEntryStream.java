package io.releasegates.inventory;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * An entry of a random-access ZIP that is only located and inflated when first read: a walk hands every entry to
 * its visitor, which reads few of them (metadata and text files, not class files).
 */
final class LazyEntryStream extends InputStream {
    private final ZipFile zip;
    private final ZipArchiveEntry entry;
    private InputStream in;

    LazyEntryStream(ZipFile zip, ZipArchiveEntry entry) {
        this.zip = zip;
        this.entry = entry;
    }

    private InputStream in() throws IOException {
        if (in == null) {
            in = zip.getInputStream(entry);
        }
        return in;
    }

    /** Compressed bytes consumed so far, or {@code declared} when the entry's stream does not count them. */
    long compressedCount(long declared) {
        return in instanceof InputStreamStatistics s ? s.getCompressedCount() : declared;
    }

    @Override
    public int read() throws IOException {
        return in().read();
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return in().read(buf, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return in().skip(n);
    }

    @Override
    public int available() throws IOException {
        return in == null ? 0 : in.available();
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
