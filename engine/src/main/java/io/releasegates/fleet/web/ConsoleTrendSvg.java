package io.releasegates.fleet.web;

import io.releasegates.fleet.store.ConsoleTables.DayRow;
import io.releasegates.report.Html;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * One environment's last 90 days as inline SVG: patch level (% of installed packages at the newest version) and
 * vulnerable hosts (% of its hosts running a version with a known high or critical advisory), both on a 0–100 % axis,
 * each day at its place on a fixed 90-day axis so that gaps stay gaps. The table that follows the chart on the page
 * holds the same numbers as text: the chart is labelled by it ({@code aria-describedby}).
 */
final class ConsoleTrendSvg {
    private static final int W = 600;
    private static final int H = 170;
    private static final int LEFT = 36;
    private static final int RIGHT = 10;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;

    private ConsoleTrendSvg() {
    }

    static String render(String id, String label, List<DayRow> days, LocalDate first, int span) {
        if (days.isEmpty()) {
            return "<p class=\"meta\">No reports yet: the trend starts with the first ingest.</p>";
        }
        StringBuilder patch = new StringBuilder();
        StringBuilder vulnerable = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (DayRow d : days) {
            double x = x(first, d.day(), span);
            double y = y(d.patchLevel());
            patch.append(patch.isEmpty() ? "M" : " L").append(f(x)).append(' ').append(f(y));
            dots.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"2\" fill=\"#1864ab\"><title>")
                    .append(Html.escape(d.day() + ": patch level " + d.patchLevel() + "% of " + d.hosts() + " hosts"))
                    .append("</title></circle>");
            if (d.vulnerableHosts() != null && d.hosts() > 0) {
                double share = 100.0 * d.vulnerableHosts() / d.hosts();
                double vy = y(share);
                vulnerable.append(vulnerable.isEmpty() ? "M" : " L").append(f(x)).append(' ').append(f(vy));
                dots.append("<rect x=\"").append(f(x - 2)).append("\" y=\"").append(f(vy - 2))
                        .append("\" width=\"4\" height=\"4\" fill=\"#c92a2a\"><title>")
                        .append(Html.escape(d.day() + ": " + d.vulnerableHosts() + " of " + d.hosts() + " hosts vulnerable"))
                        .append("</title></rect>");
            }
        }
        LocalDate last = first.plusDays(span - 1L);
        return "<svg class=\"trend\" id=\"" + Html.escape(id) + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W
                + "\" height=\"" + H + "\" viewBox=\"0 0 " + W + " " + H + "\" role=\"img\" aria-label=\""
                + Html.escape(label) + "\" aria-describedby=\"" + Html.escape(id) + "-table\">"
                + "<line x1=\"" + LEFT + "\" y1=\"" + y(0) + "\" x2=\"" + (W - RIGHT) + "\" y2=\"" + y(0) + "\" stroke=\"#999\"/>"
                + "<line x1=\"" + LEFT + "\" y1=\"" + y(100) + "\" x2=\"" + (W - RIGHT) + "\" y2=\"" + y(100) + "\" stroke=\"#ddd\"/>"
                + "<line x1=\"" + LEFT + "\" y1=\"" + y(50) + "\" x2=\"" + (W - RIGHT) + "\" y2=\"" + y(50) + "\" stroke=\"#eee\"/>"
                + "<text x=\"2\" y=\"" + f(y(100) + 4) + "\" font-size=\"10\">100%</text>"
                + "<text x=\"8\" y=\"" + f(y(50) + 4) + "\" font-size=\"10\">50%</text>"
                + "<text x=\"14\" y=\"" + f(y(0) + 4) + "\" font-size=\"10\">0%</text>"
                + "<text x=\"" + LEFT + "\" y=\"" + (H - 14) + "\" font-size=\"10\">" + first + "</text>"
                + "<text x=\"" + (W - RIGHT) + "\" y=\"" + (H - 14) + "\" font-size=\"10\" text-anchor=\"end\">" + last + "</text>"
                + "<text x=\"" + LEFT + "\" y=\"" + (H - 2) + "\" font-size=\"10\" fill=\"#1864ab\">● patch level</text>"
                + "<text x=\"" + (LEFT + 110) + "\" y=\"" + (H - 2) + "\" font-size=\"10\" fill=\"#c92a2a\">■ vulnerable hosts (high or critical), % of hosts</text>"
                + "<path d=\"" + patch + "\" fill=\"none\" stroke=\"#1864ab\" stroke-width=\"2\"/>"
                + (vulnerable.isEmpty() ? "" : "<path d=\"" + vulnerable + "\" fill=\"none\" stroke=\"#c92a2a\" stroke-width=\"2\"/>")
                + dots + "</svg>";
    }

    private static double x(LocalDate first, LocalDate day, int span) {
        long i = day.toEpochDay() - first.toEpochDay();
        return LEFT + (span <= 1 ? 0 : i * (W - LEFT - RIGHT) / (double) (span - 1));
    }

    private static double y(double percent) {
        return TOP + (100 - percent) / 100.0 * (H - TOP - BOTTOM);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
