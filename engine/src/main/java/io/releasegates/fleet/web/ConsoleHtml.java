package io.releasegates.fleet.web;

import io.releasegates.fleet.console.Advisories;
import io.releasegates.fleet.console.AttentionPanel;
import io.releasegates.fleet.console.Home;
import io.releasegates.fleet.store.ConsoleTables.DayRow;
import io.releasegates.duration.Ages;
import io.releasegates.report.Html;
import io.releasegates.report.HtmlPage;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The console's own pages: the home page of "needs attention" panels, the trend and the advisory page. HTML fragments
 * in the shared page shell; every value escaped, every link built from the base path (never an absolute "/"), so a
 * Jenkins view can embed them under its own URL.
 */
final class ConsoleHtml {
    private final String base;

    ConsoleHtml(String base) {
        this.base = base;
    }

    private static String e(Object value) {
        return Html.escape(value == null ? "" : value.toString());
    }

    /** The console's navigation; {@code environment} carries over when set. */
    static String nav(String base, String environment) {
        String env = environment == null || environment.isEmpty() ? "" : "?environment=" + UrlSegments.enc(environment);
        return "<nav class=\"meta console-nav\"><a href=\"" + e(base + "/" + env) + "\">Needs attention</a> · <a href=\""
                + e(base + "/components" + env) + "\">Components</a> · <a href=\"" + e(base + "/hosts" + env) + "\">Hosts</a> · <a href=\""
                + e(base + "/advisories" + env) + "\">Advisories</a> · <a href=\"" + e(base + "/releases" + env) + "\">Releases</a> · <a href=\""
                + e(base + "/events" + env) + "\">Events</a> · <a href=\"" + e(base + "/alerts") + "\">Alerts</a> · <a href=\""
                + e(base + "/trend") + "\">Trend</a> · <a href=\""
                + e(base + "/overview" + env) + "\">All on one page</a></nav>";
    }

    private static String label(String environment) {
        return environment.isEmpty() ? "all environments" : environment;
    }

    String home(Home h) {
        return home(h, "");
    }

    /** @param extras HTML shown under the panels, already escaped (the monitor's and the file watch's sections) */
    String home(Home h, String extras) {
        StringBuilder b = new StringBuilder("<h1>Fleet: needs attention</h1>").append(nav(base, null));
        b.append("<div class=\"meta\">hosts count as stale after ").append(e(Ages.format(h.staleAfter())))
                .append(" without a report").append(ConsoleFormats.asOf(h.refreshedAt())).append("</div>");
        b.append("<table id=\"environments\"><thead><tr><th>environment</th><th class=\"num\">hosts</th>"
                + "<th class=\"num\">patch level %</th></tr></thead><tbody>");
        for (Home.Environment env : h.environments()) {
            String id = env.environment().isEmpty() ? "all" : "env-" + UrlSegments.enc(env.environment());
            String patch = env.patchLevel() == null ? (env.hosts() == 0 ? "no hosts" : "not yet worked out")
                    : ConsoleFormats.number(env.patchLevel());
            b.append("<tr data-environment=\"").append(e(env.environment())).append("\"><td>").append(e(label(env.environment())))
                    .append("</td><td class=\"num\"><a href=\"").append(e(base + "/hosts" + envQuery(env.environment())))
                    .append("\" data-count=\"").append(env.hosts()).append("\">").append(env.hosts())
                    .append("</a></td><td class=\"num\"><span class=\"patch-level\" id=\"patch-level").append(env.environment().isEmpty()
                            ? "" : "-" + e(id)).append("\" data-count=\"").append(e(patch)).append("\">").append(e(patch))
                    .append("</span></td></tr>");
        }
        b.append("</tbody></table>");
        b.append("<div class=\"panels\">");
        for (Home.Panel p : h.panels()) {
            b.append("<section class=\"panel\" id=\"panel-").append(e(p.id())).append("\"><h2>").append(e(p.title()))
                    .append("</h2><div class=\"meta\">").append(e(p.explanation())).append("</div><ul>");
            for (AttentionPanel.Count c : p.counts()) {
                String shown = c.count() == null ? "unknown" : Long.toString(c.count());
                b.append("<li data-environment=\"").append(e(c.environment())).append("\">").append(e(label(c.environment())))
                        .append(": <a class=\"attention-count\" href=\"").append(e(base + c.link())).append("\" data-count=\"")
                        .append(e(shown)).append("\"><strong>").append(e(shown)).append("</strong></a>")
                        .append(c.detail().isEmpty() ? "" : " <span class=\"meta\">" + e(c.detail()) + "</span>").append("</li>");
            }
            b.append("</ul></section>");
        }
        b.append("</div>").append(extras);
        return HtmlPage.wrap("Fleet: needs attention", b.toString());
    }

    private static String envQuery(String environment) {
        return environment.isEmpty() ? "" : "?environment=" + UrlSegments.enc(environment);
    }

    /** @param trends per environment ("" first: all), its last 90 days */
    String trend(Map<String, List<DayRow>> trends, LocalDate first, int span) {
        StringBuilder b = new StringBuilder("<h1>Fleet trend: the last ").append(span).append(" days</h1>").append(nav(base, null));
        b.append("<div class=\"meta\">Patch level is back-filled from the reports; vulnerable hosts (high or critical) are"
                + " recorded once a day by the console from the day it first ran, so earlier days show –.</div>");
        int n = 0;
        for (Map.Entry<String, List<DayRow>> t : trends.entrySet()) {
            String id = "trend-" + n++;
            b.append("<h2>").append(e(label(t.getKey()))).append("</h2>")
                    .append(ConsoleTrendSvg.render(id, "patch level and vulnerable hosts, " + label(t.getKey()), t.getValue(), first, span));
            b.append("<details><summary>the same as a table</summary><table id=\"").append(id).append("-table\"><caption>")
                    .append(e(label(t.getKey()))).append(": patch level and vulnerable hosts per day</caption><thead><tr><th>day</th>"
                            + "<th class=\"num\">hosts</th><th class=\"num\">patch level %</th><th class=\"num\">vulnerable hosts</th>"
                            + "</tr></thead><tbody>");
            for (DayRow d : t.getValue()) {
                b.append("<tr><td>").append(d.day()).append("</td><td class=\"num\">").append(d.hosts()).append("</td><td class=\"num\">")
                        .append(ConsoleFormats.number(d.patchLevel())).append("</td><td class=\"num\">")
                        .append(d.vulnerableHosts() == null ? "–" : d.vulnerableHosts()).append("</td></tr>");
            }
            b.append("</tbody></table></details>");
        }
        return HtmlPage.wrap("Fleet trend", b.toString());
    }

    String advisory(Advisories.Detail d, List<String> environments) {
        StringBuilder b = new StringBuilder("<h1>").append(e(d.advisory())).append("</h1>").append(nav(base, d.environment()));
        b.append("<div class=\"meta\">").append(VulnerabilityHtml.badge(d.severity()))
                .append(d.aliases().isEmpty() ? "" : " · also " + e(String.join(", ", d.aliases()))).append("</div>");
        b.append("<form method=\"get\" id=\"filters\" action=\"").append(e(base + "/advisories/" + UrlSegments.enc(d.advisory())))
                .append("\"><label>environment <select name=\"environment\" id=\"filter-environment\"><option value=\"\">all</option>");
        for (String env : environments) {
            b.append("<option value=\"").append(e(env)).append('"').append(env.equals(d.environment()) ? " selected" : "")
                    .append('>').append(e(env)).append("</option>");
        }
        b.append("</select></label> <button type=\"submit\">apply</button></form>");
        b.append("<h2>Affected versions</h2><table id=\"affected-versions\"><thead><tr><th>component</th><th>version</th>"
                + "<th>severity</th><th class=\"num\">CVSS</th><th>fixed in</th><th class=\"num\">machines</th></tr></thead><tbody>");
        for (Advisories.Version v : d.versions()) {
            b.append("<tr><td><a href=\"").append(e(base + "/components/" + UrlSegments.enc(v.purl()))).append("\">")
                    .append(e(v.component())).append("</a></td><td>").append(e(v.version())).append("</td><td>")
                    .append(VulnerabilityHtml.badge(v.severity())).append("</td><td class=\"num\">")
                    .append(v.cvssScore() == null ? "" : e(v.cvssScore())).append("</td><td class=\"fixed-in\">")
                    .append(e(String.join(", ", v.fixedIn()))).append("</td><td class=\"num\" data-count=\"").append(v.machines())
                    .append("\">").append(v.machines()).append("</td></tr>");
        }
        b.append("</tbody></table>");
        b.append("<h2>Affected hosts: <span id=\"count-affected-hosts\" data-count=\"").append(d.hosts()).append("\">")
                .append(d.hosts()).append("</span></h2>");
        b.append("<table id=\"affected-hosts\"><thead><tr><th>host</th><th>environment</th><th>role</th><th>component</th>"
                + "<th>version</th><th>fixed in</th></tr></thead><tbody>");
        for (Advisories.Host h : d.items()) {
            b.append("<tr data-host=\"").append(e(h.host())).append("\"><td><a href=\"").append(e(base + "/hosts/" + UrlSegments.enc(h.host())))
                    .append("\">").append(e(h.host())).append("</a></td><td>").append(e(h.environment())).append("</td><td>")
                    .append(e(h.role())).append("</td><td>").append(e(h.component())).append("</td><td>").append(e(h.version()))
                    .append("</td><td>").append(e(h.fixedIn())).append("</td></tr>");
        }
        b.append("</tbody></table>");
        b.append(DetailPager.links(base + "/advisories/" + UrlSegments.enc(d.advisory()), d.environment(), d.page(), d.pages()));
        return HtmlPage.wrap(d.advisory() + " · fleet", b.toString());
    }
}
