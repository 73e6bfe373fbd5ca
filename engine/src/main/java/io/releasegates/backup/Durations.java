package io.releasegates.backup;

import io.releasegates.duration.Ages;
import java.time.Duration;
import java.util.function.Function;

/**
 * Backup durations ({@code rpo}, {@code restic.timeout}): the project's one grammar ({@link Ages#parse}), which must
 * be positive here.
 */
final class Durations {
    private Durations() {
    }

    static Duration parse(String text, Function<String, RuntimeException> onError) {
        Duration d;
        try {
            d = Ages.parse(text);
        } catch (IllegalArgumentException e) {
            throw onError.apply("not a duration: '" + text + "' (use e.g. 24h, 7d, 1d12h, 90m)");
        }
        if (d.isZero() || d.isNegative()) {
            throw onError.apply("duration must be positive: '" + text + "'");
        }
        return d;
    }
}
