package io.releasegates.inventory;

/**
 * Guards of one {@link PackageWalker} run. Packages are untrusted: every limit turns a hostile archive into a
 * finding (or an error) instead of a hang, an out-of-memory or a full disk.
 *
 * @param maxDepth        nested archives are opened while their depth is below this (a WAR's jars have depth 0,
 *                        a jar inside one of them depth 1); deeper ones are hashed but not opened
 * @param maxEntryBytes   uncompressed bytes one entry may inflate to
 * @param maxTotalBytes   uncompressed bytes the whole walk may inflate; beyond it the walk stops (incomplete)
 * @param maxRatio        uncompressed/compressed ratio an entry may reach once it is larger than {@code ratioFloorBytes}
 * @param ratioFloorBytes below this size the ratio is not checked (small text files compress very well)
 * @param maxEntries      entries (files, at every depth) the whole walk may visit; beyond it the walk stops
 */
public record WalkLimits(int maxDepth, long maxEntryBytes, long maxTotalBytes, double maxRatio, long ratioFloorBytes,
                         long maxEntries) {

    private static final long MIB = 1024L * 1024;

    public WalkLimits {
        if (maxDepth < 0 || maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxRatio <= 1 || ratioFloorBytes < 0
                || maxEntries <= 0) {
            throw new IllegalArgumentException("walk limits must be positive (ratio above 1): " + maxDepth + ", "
                    + maxEntryBytes + ", " + maxTotalBytes + ", " + maxRatio + ", " + ratioFloorBytes + ", " + maxEntries);
        }
    }

    /** Generous for real releases (a 300 MB WAR of 400 jars stays far below), tight enough for bombs. */
    public static WalkLimits defaults() {
        return new WalkLimits(4, 1024 * MIB, 8192 * MIB, 100, 16 * MIB, 1_000_000);
    }

    public WalkLimits withMaxDepth(int value) {
        return new WalkLimits(value, maxEntryBytes, maxTotalBytes, maxRatio, ratioFloorBytes, maxEntries);
    }

    public WalkLimits withMaxEntryBytes(long value) {
        return new WalkLimits(maxDepth, value, maxTotalBytes, maxRatio, ratioFloorBytes, maxEntries);
    }

    public WalkLimits withMaxTotalBytes(long value) {
        return new WalkLimits(maxDepth, maxEntryBytes, value, maxRatio, ratioFloorBytes, maxEntries);
    }

    public WalkLimits withRatio(double ratio, long floorBytes) {
        return new WalkLimits(maxDepth, maxEntryBytes, maxTotalBytes, ratio, floorBytes, maxEntries);
    }

    public WalkLimits withMaxEntries(long value) {
        return new WalkLimits(maxDepth, maxEntryBytes, maxTotalBytes, maxRatio, ratioFloorBytes, value);
    }
}
