package io.releasegates.integrity.watch;

import io.releasegates.report.BadInputException;
import io.releasegates.signing.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to watch one tree.
 *
 * @param dir        the tree
 * @param baseline   the signed baseline file; re-read when it changes (an approval)
 * @param key        verifies the baseline's signature (required: an unsigned baseline could be anyone's)
 * @param host       names the machine in alerts
 * @param fullEvery  period of the full check that backs up the kernel's notifications
 * @param queueLimit paths waiting to be re-read beyond which the watcher treats the burst as an overflow: it drops
 *                   them and runs one full check (bounded memory under an event storm, never a lost change)
 * @param maxWatches directories to watch at most; the rest are polled (the kernel's own limit applies too)
 * @param quiet      how long a path must stay quiet before it is re-read, so that a save in several steps (write a
 *                   temporary file, rename it over) is read once, finished
 * @param sinks      where alerts go
 * @param warnings   one-line warnings (overflow, watch limit, a bad new baseline), for stderr
 */
public record WatchOptions(Path dir, Path baseline, SigningKey key, String host, Duration fullEvery, int queueLimit,
                           int maxWatches, Duration quiet, List<AlertSink> sinks, Consumer<String> warnings) {
    public static final Duration DEFAULT_FULL_EVERY = Duration.ofHours(1);
    public static final int DEFAULT_QUEUE_LIMIT = 8192;
    public static final Duration DEFAULT_QUIET = Duration.ofMillis(150);
    /** The setting's key (the CLI's {@code --full-every}): what errors name ({@link BadInputException#ofSettings}). */
    public static final String FULL_EVERY = "full-every";

    public WatchOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(key, "key");
        fullEvery = fullEvery == null ? DEFAULT_FULL_EVERY : fullEvery;
        if (fullEvery.isZero() || fullEvery.isNegative()) {
            throw BadInputException.ofSettings("{0} must be longer than zero", FULL_EVERY);
        }
        queueLimit = queueLimit <= 0 ? DEFAULT_QUEUE_LIMIT : queueLimit;
        maxWatches = maxWatches <= 0 ? Integer.MAX_VALUE : maxWatches;
        quiet = quiet == null ? DEFAULT_QUIET : quiet;
        sinks = List.copyOf(sinks);
        warnings = warnings == null ? w -> { } : warnings;
    }

    /** Defaults for everything but the essentials. */
    public static WatchOptions of(Path dir, Path baseline, SigningKey key, String host, List<AlertSink> sinks,
                                  Consumer<String> warnings) {
        return new WatchOptions(dir, baseline, key, host, null, 0, 0, null, sinks, warnings);
    }

    public WatchOptions withFullEvery(Duration d) {
        return new WatchOptions(dir, baseline, key, host, d, queueLimit, maxWatches, quiet, sinks, warnings);
    }

    public WatchOptions withQueueLimit(int n) {
        return new WatchOptions(dir, baseline, key, host, fullEvery, n, maxWatches, quiet, sinks, warnings);
    }

    public WatchOptions withMaxWatches(int n) {
        return new WatchOptions(dir, baseline, key, host, fullEvery, queueLimit, n, quiet, sinks, warnings);
    }
}
