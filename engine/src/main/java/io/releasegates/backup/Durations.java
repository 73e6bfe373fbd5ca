package io.releasegates.backup;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations as backup people write them ({@code 24h}, {@code 7d}, {@code 1d12h}, {@code 90m}) or ISO-8601. */
final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(w|d|h|m|s)");

    private Durations() {
    }

    static Duration parse(String text, Function<String, RuntimeException> onError) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return positive(Duration.parse(t.toUpperCase(java.util.Locale.ROOT)), text, onError);
            } catch (DateTimeParseException e) {
                throw onError.apply("not a duration: '" + text + "'");
            }
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end && !t.substring(end, m.start()).isBlank()) {
                throw onError.apply("not a duration: '" + text + "' (use e.g. 24h, 7d, 1d12h, 90m)");
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw onError.apply("not a duration: '" + text + "' (use e.g. 24h, 7d, 1d12h, 90m)");
        }
        return positive(total, text, onError);
    }

    private static Duration positive(Duration d, String text, Function<String, RuntimeException> onError) {
        if (d.isZero() || d.isNegative()) {
            throw onError.apply("duration must be positive: '" + text + "'");
        }
        return d;
    }
}
