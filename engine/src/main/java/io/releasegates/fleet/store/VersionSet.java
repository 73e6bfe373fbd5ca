package io.releasegates.fleet.store;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A host's snapshot as stored: its version ids, sorted and distinct, as a format byte followed by the first id and
 * then the gaps between neighbours, each an unsigned LEB128 varint. Dictionary ids are dense, so a 1,000-package
 * host takes about 2 KB, and a report costs one row instead of one row per package.
 */
final class VersionSet {
    private static final byte FORMAT = 1;

    private VersionSet() {
    }

    /** The ids must be sorted ascending and distinct (a report's packages are deduplicated). */
    static byte[] encode(int[] sortedIds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 + sortedIds.length * 2);
        out.write(FORMAT);
        int previous = 0;
        for (int i = 0; i < sortedIds.length; i++) {
            int id = sortedIds[i];
            if (id < 0 || (i > 0 && id <= previous)) {
                throw new IllegalArgumentException("version ids must be non-negative, ascending and distinct");
            }
            int gap = i == 0 ? id : id - previous;
            while ((gap & ~0x7f) != 0) {
                out.write((gap & 0x7f) | 0x80);
                gap >>>= 7;
            }
            out.write(gap);
            previous = id;
        }
        return out.toByteArray();
    }

    /**
     * The ids, ascending. A value this class did not write (another format, a truncated or overlong varint) is
     * refused with the host it belongs to, rather than read as some other set of packages.
     */
    static int[] decode(byte[] bytes, int hostId) {
        if (bytes == null || bytes.length == 0 || bytes[0] != FORMAT) {
            throw corrupt(hostId, "unknown format");
        }
        int[] out = new int[Math.max(0, bytes.length - 1)];
        int n = 0;
        long value = 0;
        int pos = 1;
        while (pos < bytes.length) {
            int gap = 0;
            int shift = 0;
            while (true) {
                if (pos >= bytes.length || shift > 28) {
                    throw corrupt(hostId, "truncated or overlong number");
                }
                byte b = bytes[pos++];
                gap |= (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
                shift += 7;
            }
            value += gap;
            if (gap < 0 || (n > 0 && gap == 0) || value > Integer.MAX_VALUE) {
                throw corrupt(hostId, "ids out of order");
            }
            out[n++] = (int) value;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static FleetStoreException corrupt(int hostId, String problem) {
        return new FleetStoreException("fleet store: the package snapshot of host id " + hostId + " is corrupt ("
                + problem + ")", null);
    }
}
