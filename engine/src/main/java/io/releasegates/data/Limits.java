package io.releasegates.data;

import java.time.Duration;

/**
 * Bounds on one source's update: a server that does not connect, stalls or never ends, and an archive that is too
 * large or holds too many entries, each fail that source only.
 *
 * @param connectTimeout  to open the connection
 * @param idleTimeout     longest silence while waiting for the answer or reading its body
 * @param totalTimeout    the whole download
 * @param maxBytes        the archive as downloaded
 * @param maxEntries      entries in the archive
 * @param maxUncompressed the entries' sizes added up, as the archive declares them
 */
public record Limits(Duration connectTimeout, Duration idleTimeout, Duration totalTimeout, long maxBytes, int maxEntries,
                     long maxUncompressed) {
    /**
     * osv.dev's largest per-ecosystem archives are some hundreds of MB with a few hundred thousand records; these
     * leave room for growth while still refusing an endless or absurd answer.
     */
    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(30),
            2L << 30, 2_000_000, 16L << 30);

    public Limits {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
                || totalTimeout.isNegative() || totalTimeout.isZero() || maxBytes < 1 || maxEntries < 1 || maxUncompressed < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
