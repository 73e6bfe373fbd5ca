package io.releasegates.fleet.web;

import io.releasegates.report.Html;
import java.time.Instant;
import java.util.Locale;

/**
 * The number and as-of formats the home page and the lists share (their own class so that the lists, which draw the
 * home page's navigation, and the home page need not depend on each other).
 */
final class ConsoleFormats {
    private ConsoleFormats() {
    }

    /** A figure as the console shows it: one decimal for percentages, the value itself otherwise. */
    static String number(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return v.toString();
    }

    /** When the precomputed figures were refreshed, as a suffix for a meta line; empty before the first refresh. */
    static String asOf(Instant refreshedAt) {
        return refreshedAt == null ? "" : " · figures as of <time id=\"refreshed-at\">" + Html.escape(refreshedAt.toString()) + "</time>";
    }
}
