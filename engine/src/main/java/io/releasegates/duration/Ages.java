package io.releasegates.duration;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of the project: policies, {@code check}, {@code scan --max-data-age}, {@code fleet prune},
 * the Jenkins plugin and backup configs all parse with {@link #parse}. Accepted: a number and a unit ({@code 90m},
 * {@code 24h}, {@code 7d}, {@code 2w}, {@code 45s}), several of them ({@code 1d12h}, {@code 1w 2d}), or ISO-8601
 * ({@code PT24H}, {@code P30D}).
 */
public final class Ages {
    private static final Pattern PART = Pattern.compile("(\\d{1,12})\\s*([smhdw])");
    static final String EXAMPLES = "expected e.g. 30m, 24h, 7d, 2w, 1d12h or PT24H";

    private Ages() {
    }

    /** Parses a duration; the message of the exception names the text so callers can add the file and key. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw new IllegalArgumentException("negative duration '" + text + "'");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration '" + text + "' (" + EXAMPLES + ")", e);
            }
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        // parts must follow each other, separated by blanks at most: "1d x 2h" is not a duration
        while (m.find()) {
            if (!t.substring(end, m.start()).isBlank()) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new IllegalArgumentException("not a duration '" + text + "' (" + EXAMPLES + ")");
        }
        return total;
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
