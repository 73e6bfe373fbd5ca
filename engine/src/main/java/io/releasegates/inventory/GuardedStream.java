package io.releasegates.inventory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * The inflated bytes of one entry as a visitor sees them: counted against the entry, ratio and walk limits, and
 * never closing the archive underneath. {@code skip} reads too, so skipped bytes count like read ones.
 */
final class GuardedStream extends FilterInputStream {
    private final WalkState state;
    private final String location;
    private final LongSupplier compressed;
    private long count;
    private ArchiveBombException tripped;

    /** @param compressed compressed bytes consumed so far for this entry, or null when the entry is not compressed */
    GuardedStream(InputStream in, WalkState state, String location, LongSupplier compressed) {
        super(in);
        this.state = state;
        this.location = location;
        this.compressed = compressed;
    }

    boolean tripped() {
        return tripped != null;
    }

    ArchiveBombException bomb() {
        return tripped;
    }

    @Override
    public int read() throws IOException {
        check(0);
        int b = super.read();
        if (b >= 0) {
            check(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        check(0);
        int n = super.read(buf, off, len);
        if (n > 0) {
            check(n);
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
    public void close() {
        // the archive stream underneath stays open for the next entry
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(int added) throws ArchiveBombException {
        if (tripped != null) {
            throw tripped;
        }
        count += added;
        state.inflated += added;
        WalkLimits limits = state.limits;
        if (state.inflated > limits.maxTotalBytes()) {
            trip("the package inflates beyond " + limits.maxTotalBytes() + " bytes in total; the walk stopped", true);
        } else if (count > limits.maxEntryBytes()) {
            trip("inflates beyond " + limits.maxEntryBytes() + " bytes", false);
        } else if (compressed != null && count > limits.ratioFloorBytes()) {
            long c = Math.max(1, compressed.getAsLong());
            if ((double) count / c > limits.maxRatio()) {
                trip("compression ratio above " + (long) limits.maxRatio() + ":1 (" + count + " bytes from " + c
                        + " compressed)", false);
            }
        }
    }

    private void trip(String message, boolean walkStopped) throws ArchiveBombException {
        tripped = new ArchiveBombException(location + ": " + message, walkStopped);
        state.finding(InventoryRule.ARCHIVE_BOMB, location, message);
        if (walkStopped) {
            state.stop("inflates beyond " + state.limits.maxTotalBytes() + " bytes: inventory incomplete");
        }
        throw tripped;
    }
}
