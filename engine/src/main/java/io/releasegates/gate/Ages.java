package io.releasegates.gate;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in policies ({@code 90m}, {@code 24h}, {@code 7d}, {@code 2w}, or ISO-8601 {@code PT24H}). */
public final class Ages {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");

    private Ages() {
    }

    /** Parses a duration; the message of the exception names the text so callers can add the file and key. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative duration '" + text + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration '" + text + "' (expected e.g. 30m, 24h, 7d, 2w or PT24H)", e);
        }
    }

    /** Short human form, largest units first: {@code 3d 4h}, {@code 24h}, {@code 45m}, {@code 12s} (hours up to 47h). */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days == 1) {
            hours += 24;
            days = 0;
        }
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        if (minutes > 0) {
            return minutes + "m";
        }
        return d.toSecondsPart() + "s";
    }
}
