package io.releasegates.fleet.web;

import io.releasegates.fleet.monitor.MonitorViews.EventJson;
import io.releasegates.fleet.monitor.MonitorViews.NewlyExposed;
import io.releasegates.report.Html;

/**
 * The monitoring parts of the dashboard (docs/monitoring.md): the home page's "newly exposed since the last data
 * update" panel (the releases and events pages are console lists, see MonitorLists). Every value goes through
 * {@link Html#escape}: advisory ids, component purls and release names come from data and SBOMs we do not control.
 */
final class MonitorHtml {
    private final String base;

    MonitorHtml(String base) {
        this.base = base;
    }

    private static String e(Object value) {
        return Html.escape(value == null ? "" : value.toString());
    }

    /** The panel; rows carry the event id so a test can compare them with /api/events. */
    String newlyExposed(NewlyExposed n) {
        StringBuilder b = new StringBuilder("<section id=\"newly-exposed\"><h2>Newly exposed since the last data update</h2>");
        if (n.lastDataUpdate() == null) {
            return b.append("<div class=\"meta\" id=\"newly-exposed-none\">no monitor pass yet (release-gates monitor)</div></section>")
                    .toString();
        }
        b.append("<div class=\"meta\">data updated ").append(e(n.lastDataUpdate())).append(" · ").append(e(n.data()))
                .append(" · <a href=\"").append(e(base + "/releases")).append("\">releases</a> · <a href=\"")
                .append(e(base + "/api/events")).append("\">all events (JSON)</a></div>");
        b.append("<div class=\"counts\"><span>newly exposed: <strong id=\"count-newly-exposed\" data-count=\"")
                .append(n.total()).append("\">").append(n.total()).append("</strong></span>")
                .append(n.total() > n.items().size() ? "<span>the worst " + n.items().size() + " shown</span>" : "")
                .append("</div>");
        if (n.items().isEmpty()) {
            return b.append("</section>").toString();
        }
        b.append("<table class=\"sortable\" id=\"newly-exposed-table\"><thead><tr><th>severity</th><th>advisory</th>"
                + "<th>host or release</th><th>environment</th><th>component</th><th>fixed in</th></tr></thead><tbody>");
        for (EventJson ev : n.items()) {
            b.append("<tr data-event=\"").append(ev.id()).append("\"><td>").append(VulnerabilityHtml.badge(ev.severity()))
                    .append("</td><td class=\"advisory\">").append(e(ev.advisory())).append("</td><td class=\"subject\">")
                    .append(e(ev.subject().kind())).append(' ');
            if ("host".equals(ev.subject().kind())) {
                b.append("<a href=\"").append(e(base + "/hosts/" + UrlSegments.enc(ev.subject().name()))).append("\">")
                        .append(e(ev.subject().name())).append("</a>");
            } else {
                b.append(e(ev.subject().name()));
            }
            b.append("</td><td>").append(e(ev.subject().environment())).append("</td><td><code>").append(e(ev.component()))
                    .append("</code></td><td class=\"fixed\">").append(e(ev.fixedIn())).append("</td></tr>");
        }
        return b.append("</tbody></table></section>").toString();
    }
}
