package io.releasegates.fleet.web;

import io.releasegates.fleet.view.HostChanges;
import io.releasegates.report.Html;
import io.releasegates.report.HtmlPage;
import java.util.List;

/**
 * The host change log page: one block per kept snapshot, newest first. Names and versions come from untrusted SBOMs
 * and go through {@link Html#escape}; each block carries data attributes so tests can read the counts back.
 */
final class ChangesHtml {
    private final String base;

    ChangesHtml(String base) {
        this.base = base;
    }

    private static String e(Object value) {
        return Html.escape(value == null ? "" : value.toString());
    }

    String page(HostChanges h) {
        String host = UrlSegments.enc(h.host());
        StringBuilder b = new StringBuilder("<h1>Changes on ").append(e(h.host())).append("</h1>");
        b.append("<nav class=\"meta\"><a href=\"").append(e(base + "/hosts/" + host)).append("\">packages now</a> · <a href=\"")
                .append(e(base + "/hosts")).append("\">Hosts</a> · <a href=\"").append(e(base + "/api/changes/" + host))
                .append("\">JSON</a></nav>");
        b.append("<div class=\"meta\">").append(e(h.environment())).append(" · role ").append(e(h.role()))
                .append(" · ").append(h.changes().size()).append(" package sets kept</div>");
        for (HostChanges.Change c : h.changes()) {
            b.append("<section class=\"change\" data-at=\"").append(e(c.at())).append("\" data-upgraded=\"")
                    .append(c.upgraded().size()).append("\" data-downgraded=\"").append(c.downgraded().size())
                    .append("\" data-added=\"").append(c.added().size()).append("\" data-removed=\"")
                    .append(c.removed().size()).append("\"><h2>").append(e(c.at())).append("</h2><div class=\"meta\">")
                    .append(c.packages()).append(" packages").append(c.until() == null ? " · current" : " · until " + e(c.until()))
                    .append("</div>");
            if (c.earliest()) {
                b.append("<p>Earliest package set kept: no earlier one to compare with.</p></section>");
                continue;
            }
            moves(b, "upgraded", c.upgraded());
            moves(b, "downgraded", c.downgraded());
            versions(b, "added", c.added());
            versions(b, "removed", c.removed());
            if (c.upgraded().isEmpty() && c.downgraded().isEmpty() && c.added().isEmpty() && c.removed().isEmpty()) {
                b.append("<p>No package changed.</p>");
            }
            b.append("</section>");
        }
        return HtmlPage.wrap("changes on " + h.host() + " · fleet", b.toString());
    }

    private void moves(StringBuilder b, String title, List<HostChanges.Move> moves) {
        if (moves.isEmpty()) {
            return;
        }
        b.append("<h3>").append(title).append(" (").append(moves.size()).append(")</h3><table><thead><tr><th>component</th>"
                + "<th>from</th><th>to</th></tr></thead><tbody>");
        for (HostChanges.Move m : moves) {
            b.append("<tr><td>").append(link(m.purl(), m.name())).append("</td><td>").append(e(m.from())).append("</td><td>")
                    .append(e(m.to())).append("</td></tr>");
        }
        b.append("</tbody></table>");
    }

    private void versions(StringBuilder b, String title, List<HostChanges.Version> versions) {
        if (versions.isEmpty()) {
            return;
        }
        b.append("<h3>").append(title).append(" (").append(versions.size()).append(")</h3><table><thead><tr><th>component</th>"
                + "<th>version</th></tr></thead><tbody>");
        for (HostChanges.Version v : versions) {
            b.append("<tr><td>").append(link(v.purl(), v.name())).append("</td><td>").append(e(v.version())).append("</td></tr>");
        }
        b.append("</tbody></table>");
    }

    private String link(String purl, String name) {
        return "<a href=\"" + e(base + "/components/" + UrlSegments.enc(purl)) + "\">" + e(name) + "</a>";
    }
}
