package io.releasegates.fleet.web;

import io.releasegates.fleet.store.FleetStore.AlertRow;
import io.releasegates.integrity.watch.FileAlert;
import io.releasegates.report.Html;
import io.releasegates.report.HtmlPage;
import java.util.List;

/**
 * The "open file-change alerts" panel (fleet-wide on the index page, per host on the host page) and the full list at
 * {@code /alerts}. Every value comes from agents and goes through {@link Html#escape}.
 */
final class AlertsHtml {
    /** Rows a panel shows; the page at /alerts shows them all. */
    static final int PANEL_ROWS = 20;
    private final String base;

    AlertsHtml(String base) {
        this.base = base;
    }

    private static String e(Object value) {
        return Html.escape(value == null ? "" : value.toString());
    }

    private static String severityBadge(String severity) {
        String s = severity == null ? "info" : severity;
        return "<span class=\"sev sev-" + e(s) + "\">" + e(s) + "</span>";
    }

    /** @param host null for the fleet-wide panel */
    String panel(List<AlertRow> rows, String host) {
        String link = base + "/alerts" + (host == null ? "" : "/" + UrlSegments.enc(host));
        StringBuilder b = new StringBuilder("<section id=\"file-alerts\"><h2>Open file-change alerts</h2>");
        b.append("<div class=\"counts\"><span>open: <strong id=\"count-file-alerts\" data-count=\"").append(rows.size())
                .append("\">").append(rows.size()).append("</strong></span>");
        if (rows.size() > PANEL_ROWS) {
            b.append(" <a href=\"").append(e(link)).append("\">all ").append(rows.size()).append("</a>");
        }
        b.append("</div>");
        if (rows.isEmpty()) {
            return b.append("<p class=\"meta\">none: every watched file matches its signed baseline</p></section>").toString();
        }
        return b.append(table(rows.subList(0, Math.min(PANEL_ROWS, rows.size())), host == null)).append("</section>").toString();
    }

    String page(List<AlertRow> rows, String host) {
        StringBuilder b = new StringBuilder("<h1>Open file-change alerts").append(host == null ? "" : " · " + e(host))
                .append("</h1><nav class=\"meta\"><a href=\"").append(e(base + "/")).append("\">Components</a> · <a href=\"")
                .append(e(base + "/hosts")).append("\">Hosts</a> · <a href=\"").append(e(base + "/api/alerts"
                        + (host == null ? "" : "/" + UrlSegments.enc(host)))).append("\">JSON</a></nav>");
        b.append("<div class=\"counts\"><span>open: <strong id=\"count-file-alerts\" data-count=\"").append(rows.size())
                .append("\">").append(rows.size()).append("</strong></span></div>");
        b.append(rows.isEmpty() ? "<p class=\"meta\">none</p>" : table(rows, host == null));
        return HtmlPage.wrap("File-change alerts", b.toString());
    }

    private String table(List<AlertRow> rows, boolean withHost) {
        StringBuilder b = new StringBuilder("<table class=\"sortable\" id=\"file-alert-table\"><thead><tr>")
                .append(withHost ? "<th>host</th>" : "")
                .append("<th>severity</th><th>change</th><th>path</th><th>tree</th><th>detected</th><th>baseline SHA-256</th>"
                        + "<th>SHA-256 now</th><th>message</th></tr></thead><tbody>");
        for (AlertRow r : rows) {
            FileAlert a = r.alert();
            b.append("<tr class=\"file-alert\" data-path=\"").append(e(a.path())).append("\">");
            if (withHost) {
                b.append("<td><a href=\"").append(e(base + "/hosts/" + UrlSegments.enc(a.host()))).append("\">")
                        .append(e(a.host())).append("</a></td>");
            }
            b.append("<td>").append(severityBadge(a.severity())).append("</td><td>").append(e(a.change().label()))
                    .append("</td><td><code>").append(e(a.path())).append("</code></td><td><code>").append(e(a.root()))
                    .append("</code></td><td>").append(e(a.time())).append("</td><td><code>").append(e(shortSha(a.baselineSha256())))
                    .append("</code></td><td><code>").append(e(shortSha(a.sha256()))).append("</code></td><td>")
                    .append(e(a.message())).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static String shortSha(String sha) {
        return sha == null ? "—" : sha.substring(0, Math.min(12, sha.length())) + "…";
    }
}
