package io.releasegates.fleet.web;

import io.releasegates.fleet.view.ViewModel.ComponentDetail;
import io.releasegates.fleet.view.ViewModel.ComponentStat;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.HostDetail;
import io.releasegates.fleet.view.ViewModel.HostPackage;
import io.releasegates.fleet.view.ViewModel.HostStat;
import io.releasegates.fleet.view.ViewModel.HostVersion;
import io.releasegates.fleet.view.ViewModel.HostsView;
import io.releasegates.fleet.view.ViewModel.VersionStat;
import io.releasegates.report.Html;
import io.releasegates.report.HtmlPage;
import java.util.List;

/**
 * HTML for the four views. Every value from the store goes through {@link Html#escape}: component names, versions
 * and host names come from untrusted SBOMs. Counts carry ids and data attributes so tests can read them back.
 */
final class FleetHtml {
    private final String base;

    FleetHtml(String base) {
        this.base = base;
    }

    private static String e(Object value) {
        return Html.escape(value == null ? "" : value.toString());
    }

    private static String enc(String value) {
        return UrlSegments.enc(value);
    }

    private String envQuery(String environment) {
        return environment == null ? "" : "?environment=" + enc(environment);
    }

    private String nav(String environment, List<String> environments, String here) {
        StringBuilder s = new StringBuilder("<nav class=\"meta\"><a href=\"").append(e(base + "/" + envQuery(environment)))
                .append("\">Needs attention</a> · <a href=\"").append(e(base + "/components" + envQuery(environment)))
                .append("\">Components</a> · <a href=\"").append(e(base + "/hosts" + envQuery(environment)))
                .append("\">Hosts</a> · <a href=\"").append(e(base + "/advisories" + envQuery(environment)))
                .append("\">Advisories</a> · export <a href=\"").append(e(base + "/export/components.csv" + envQuery(environment)))
                .append("\">components.csv</a> <a href=\"").append(e(base + "/export/components.json" + envQuery(environment)))
                .append("\">components.json</a> <a href=\"").append(e(base + "/export/hosts.csv" + envQuery(environment)))
                .append("\">hosts.csv</a>");
        if (environments != null) {
            s.append("<form method=\"get\" action=\"").append(e(base + here)).append("\" class=\"inline\">")
                    .append("<label>environment <select name=\"environment\" id=\"environment\">")
                    .append("<option value=\"\">all</option>");
            for (String env : environments) {
                s.append("<option value=\"").append(e(env)).append('"').append(env.equals(environment) ? " selected" : "")
                        .append('>').append(e(env)).append("</option>");
            }
            s.append("</select></label> <button type=\"submit\">filter</button></form>");
        }
        return s.append("</nav>").toString();
    }

    private static String badge(String compliance) {
        String cls = switch (compliance) {
            case "out-of-policy" -> "sev-high";
            case "no-agreed-date" -> "sev-medium";
            case "within-policy" -> "sev-low";
            default -> "sev-info";
        };
        return "<span class=\"sev " + cls + "\">" + e(compliance) + "</span>";
    }

    private static String count(String id, String label, Object value) {
        return "<span>" + e(label) + ": <strong id=\"" + id + "\" data-count=\"" + e(value) + "\">" + e(value) + "</strong></span>";
    }

    String components(ComponentsView v) {
        return components(v, "");
    }

    /** @param alertsPanel the fleet-wide open file-change alerts ({@link AlertsHtml}), shown under the counts */
    String components(ComponentsView v, String alertsPanel) {
        StringBuilder b = new StringBuilder("<h1>Fleet components</h1>");
        b.append(nav(v.environment(), v.environments(), "/overview"));
        b.append("<div class=\"meta\">environment: ").append(e(v.environment() == null ? "all" : v.environment()))
                .append(" · generated ").append(e(v.generatedAt())).append("</div>");
        b.append("<div class=\"counts\">").append(count("count-hosts", "hosts", v.hosts()))
                .append(count("count-components", "components", v.components()))
                .append(count("count-installations", "installations", v.installations()))
                .append(count("count-out-of-policy", "out of policy", v.outOfPolicy()))
                // an empty fleet has no patch level (100 % of nothing would read as "all patched")
                .append(count("patch-level", "patch level %", v.hosts() == 0 ? "no hosts" : v.patchLevel()))
                .append("</div>").append(alertsPanel);
        b.append("<h2>Patch level over time</h2>").append(TrendSvg.render(v.trend()));
        b.append("<h2>Components</h2><table class=\"sortable\" id=\"components\"><thead><tr><th>component</th><th>type</th>"
                + "<th class=\"num\">machines</th><th>versions (machines)</th><th>newest</th><th class=\"num\">lag versions</th>"
                + "<th class=\"num\">lag days</th><th>tier</th><th>compliance</th><th class=\"num\">out of policy</th>"
                + (v.hasScanData() ? VulnerabilityHtml.componentHeaders() : "") + "</tr></thead><tbody>");
        for (ComponentStat c : v.items()) {
            b.append("<tr data-purl=\"").append(e(c.purl())).append("\"><td><a class=\"component-name\" href=\"")
                    .append(e(base + "/components/" + enc(c.purl()) + envQuery(v.environment()))).append("\">")
                    .append(e(c.name())).append("</a><br><code>").append(e(c.purl())).append("</code></td><td>")
                    .append(e(c.type())).append("</td><td class=\"num machines\">").append(c.machines()).append("</td><td>");
            for (VersionStat s : c.versions()) {
                b.append("<div>").append(e(s.version())).append(" (").append(s.machines()).append(")")
                        .append(v.hasScanData() ? " · " + VulnerabilityHtml.summary(s) : "").append("</div>");
            }
            b.append("</td><td>").append(e(c.newest())).append("</td><td class=\"num\">").append(c.lagVersions())
                    .append("</td><td class=\"num\">").append(c.lagDays()).append("</td><td>").append(e(c.tier()))
                    .append("</td><td>").append(badge(c.compliance())).append("</td><td class=\"num out-of-policy\">")
                    .append(c.outOfPolicy()).append("</td>").append(v.hasScanData() ? VulnerabilityHtml.componentCells(c) : "")
                    .append("</tr>");
        }
        b.append("</tbody></table>");
        return HtmlPage.wrap("Fleet components", b.toString());
    }

    String component(ComponentDetail d, DetailPager pager) {
        ComponentStat c = d.component();
        StringBuilder b = new StringBuilder("<h1>").append(e(c.name())).append("</h1>");
        b.append(nav(d.environment(), null, "/"));
        b.append("<div class=\"meta\"><code>").append(e(c.purl())).append("</code> · tier ").append(e(c.tier()))
                .append(" · newest ").append(e(c.newest())).append("</div>");
        b.append("<div class=\"counts\">").append(count("count-machines", "machines", c.machines()))
                .append(count("count-out-of-policy", "out of policy", c.outOfPolicy()));
        if (d.hasScanData()) {
            b.append(c.vulnerableMachines() == null ? "<span>vulnerable machines: unknown (no version checked against vulnerability data)</span>"
                    : count("count-vulnerable-machines", "vulnerable machines", c.vulnerableMachines()));
        }
        b.append("</div>");
        b.append("<h2>Versions</h2><table class=\"sortable\" id=\"versions\"><thead><tr><th>version</th><th class=\"num\">machines</th>"
                + "<th class=\"num\">versions behind</th><th class=\"num\">days behind</th><th>first seen</th><th>compliance</th>"
                + (d.hasScanData() ? "<th>known vulnerabilities</th>" : "") + "</tr></thead><tbody>");
        for (VersionStat s : c.versions()) {
            b.append("<tr><td>").append(e(s.version())).append("</td><td class=\"num machines\">").append(s.machines())
                    .append("</td><td class=\"num\">").append(s.versionsBehind()).append("</td><td class=\"num\">")
                    .append(s.daysBehind()).append("</td><td>").append(e(s.firstSeen())).append("</td><td>")
                    .append(badge(s.compliance())).append("</td>")
                    .append(d.hasScanData() ? "<td>" + VulnerabilityHtml.summary(s) + "</td>" : "").append("</tr>");
        }
        b.append("</tbody></table>");
        if (d.hasScanData()) {
            b.append(VulnerabilityHtml.advisories(c.versions()));
        }
        b.append("<h2>Hosts</h2><table class=\"sortable\" id=\"hosts\"><thead><tr><th>host</th>"
                + "<th>environment</th><th>role</th><th>version</th><th>tier</th><th>compliance</th></tr></thead><tbody>");
        for (HostVersion h : pager.slice(d.hosts())) {
            b.append("<tr><td><a href=\"").append(e(base + "/hosts/" + enc(h.host()))).append("\">").append(e(h.host()))
                    .append("</a></td><td>").append(e(h.environment())).append("</td><td>").append(e(h.role()))
                    .append("</td><td>").append(e(h.version())).append("</td><td>").append(e(h.tier())).append("</td><td>")
                    .append(badge(h.compliance())).append("</td></tr>");
        }
        b.append("</tbody></table>").append(DetailPager.links(base + "/components/" + enc(c.purl()), d.environment(),
                pager.page(), pager.pages(d.hosts().size())));
        return HtmlPage.wrap(c.name() + " · fleet", b.toString());
    }

    /** Every host on one page (the unpaged table of earlier releases; the console's /hosts list pages it). */
    String hosts(HostsView v) {
        return hosts(v, v.items().size(), "");
    }

    /** One page of the hosts table: {@code hosts} in all, {@code pager} (escaped HTML) above the table. */
    String hosts(HostsView v, int hosts, String pager) {
        StringBuilder b = new StringBuilder("<h1>Fleet hosts</h1>");
        b.append(nav(v.environment(), v.environments(), "/overview/hosts"));
        b.append("<div class=\"counts\">").append(count("count-hosts", "hosts", hosts)).append("</div>").append(pager);
        b.append("<table class=\"sortable\" id=\"hosts\"><thead><tr><th>host</th><th>environment</th><th>role</th>"
                + "<th class=\"num\">packages</th><th class=\"num\">patch level %</th><th class=\"num\">out of policy</th>"
                + "<th>last report</th>" + (v.hasScanData() ? VulnerabilityHtml.hostHeaders() : "") + "</tr></thead><tbody>");
        for (HostStat h : v.items()) {
            b.append("<tr data-host=\"").append(e(h.name())).append("\"><td><a href=\"").append(e(base + "/hosts/" + enc(h.name())))
                    .append("\">").append(e(h.name())).append("</a></td><td>").append(e(h.environment())).append("</td><td>")
                    .append(e(h.role())).append("</td><td class=\"num packages\">").append(h.packages())
                    .append("</td><td class=\"num\">").append(h.patchLevel()).append("</td><td class=\"num out-of-policy\">")
                    .append(h.outOfPolicy()).append("</td><td>").append(e(h.lastReport())).append("</td>")
                    .append(v.hasScanData() ? VulnerabilityHtml.hostCells(h.vulnerabilities()) : "").append("</tr>");
        }
        b.append("</tbody></table>");
        return HtmlPage.wrap("Fleet hosts", b.toString());
    }

    String host(HostDetail d, DetailPager pager) {
        return host(d, pager, "");
    }

    /** @param alertsPanel the host's open file-change alerts ({@link AlertsHtml}), shown under the counts */
    String host(HostDetail d, DetailPager pager, String alertsPanel) {
        HostStat h = d.host();
        StringBuilder b = new StringBuilder("<h1>").append(e(h.name())).append("</h1>");
        b.append(nav(null, null, "/hosts"));
        b.append("<div class=\"meta\">").append(e(h.environment())).append(" · role ").append(e(h.role()))
                .append(" · last report ").append(e(h.lastReport())).append(" · <a id=\"changes\" href=\"")
                .append(e(base + "/changes/" + enc(h.name()))).append("\">what changed, report by report</a></div>");
        b.append("<div class=\"counts\">").append(count("count-packages", "packages", h.packages()))
                .append(count("patch-level", "patch level %", h.patchLevel()))
                .append(count("count-out-of-policy", "out of policy", h.outOfPolicy()))
                .append(d.hasScanData() ? VulnerabilityHtml.hostCounts(h.vulnerabilities()) : "").append("</div>")
                .append(alertsPanel);
        b.append("<table class=\"sortable\" id=\"packages\"><thead><tr><th>component</th><th>version</th><th>newest</th>"
                + "<th class=\"num\">versions behind</th><th class=\"num\">days behind</th><th>tier</th><th>compliance</th>"
                + (d.hasScanData() ? "<th>known vulnerabilities</th>" : "") + "</tr></thead><tbody>");
        for (HostPackage p : pager.slice(d.packages())) {
            b.append("<tr><td><a href=\"").append(e(base + "/components/" + enc(p.purl()))).append("\">").append(e(p.name()))
                    .append("</a></td><td>").append(e(p.version())).append("</td><td>").append(e(p.newest()))
                    .append("</td><td class=\"num\">").append(p.versionsBehind()).append("</td><td class=\"num\">")
                    .append(p.daysBehind()).append("</td><td>").append(e(p.tier())).append("</td><td>")
                    .append(badge(p.compliance())).append("</td>").append(d.hasScanData() ? VulnerabilityHtml.packageCell(p) : "")
                    .append("</tr>");
        }
        b.append("</tbody></table>").append(DetailPager.links(base + "/hosts/" + enc(h.name()), null, pager.page(),
                pager.pages(d.packages().size())));
        return HtmlPage.wrap(h.name() + " · fleet", b.toString());
    }
}
