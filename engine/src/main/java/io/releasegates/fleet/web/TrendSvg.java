package io.releasegates.fleet.web;

import io.releasegates.fleet.view.ViewModel.TrendPoint;
import io.releasegates.report.Html;
import java.util.List;
import java.util.Locale;

/** The patch-level trend as inline SVG: no script, no external resource, numbers only plus escaped labels. */
final class TrendSvg {
    private static final int W = 640;
    private static final int H = 160;
    private static final int PAD = 30;

    private TrendSvg() {
    }

    static String render(List<TrendPoint> points) {
        if (points.isEmpty()) {
            return "<p class=\"meta\">No reports yet: the trend starts with the first ingest.</p>";
        }
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        int n = points.size();
        for (int i = 0; i < n; i++) {
            double x = PAD + (n == 1 ? (W - 2 * PAD) / 2.0 : i * (W - 2.0 * PAD) / (n - 1));
            double y = H - PAD - points.get(i).patchLevel() / 100.0 * (H - 2 * PAD);
            path.append(i == 0 ? "M" : " L").append(fmt(x)).append(' ').append(fmt(y));
            dots.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"2.5\"><title>")
                    .append(Html.escape(points.get(i).day() + ": " + points.get(i).patchLevel() + "% on "
                            + points.get(i).hosts() + " hosts"))
                    .append("</title></circle>");
        }
        TrendPoint first = points.get(0);
        TrendPoint last = points.get(n - 1);
        return "<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H
                + "\" viewBox=\"0 0 " + W + " " + H + "\" role=\"img\" aria-label=\"patch level trend\">"
                + "<line x1=\"" + PAD + "\" y1=\"" + (H - PAD) + "\" x2=\"" + (W - PAD) + "\" y2=\"" + (H - PAD) + "\" stroke=\"#999\"/>"
                + "<line x1=\"" + PAD + "\" y1=\"" + PAD + "\" x2=\"" + (W - PAD) + "\" y2=\"" + PAD + "\" stroke=\"#ddd\"/>"
                + "<text x=\"2\" y=\"" + (PAD + 4) + "\" font-size=\"10\">100%</text>"
                + "<text x=\"8\" y=\"" + (H - PAD + 4) + "\" font-size=\"10\">0%</text>"
                + "<text x=\"" + PAD + "\" y=\"" + (H - 8) + "\" font-size=\"10\">" + Html.escape(first.day().toString()) + "</text>"
                + "<text x=\"" + (W - PAD) + "\" y=\"" + (H - 8) + "\" font-size=\"10\" text-anchor=\"end\">"
                + Html.escape(last.day().toString()) + "</text>"
                + "<path d=\"" + path + "\" fill=\"none\" stroke=\"#1864ab\" stroke-width=\"2\"/>" + dots + "</svg>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
