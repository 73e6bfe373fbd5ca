package io.releasegates.report;

import java.util.Map;

/** A gate report as one self-contained, sortable HTML page; every value is escaped. */
public final class HtmlRenderer {
    private HtmlRenderer() {
    }

    public static String render(GateReport report, Severity threshold) {
        return HtmlPage.wrap(report.title(), body(report, report.passes(threshold)));
    }

    /**
     * The page's body alone (for a host page with its own shell). The status speaks the promotion gate's words: PASS,
     * or WARN when findings reached the threshold; only the promotion gate says BLOCK.
     *
     * @param passed no finding at or above the step's threshold and the run was complete
     */
    public static String body(GateReport report, boolean passed) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(report.title())).append("</h1>\n");
        b.append("<div class=\"meta\">release-gates ").append(Html.escape(report.toolVersion()))
                .append(" · ").append(Html.escape(report.gate())).append(" · ")
                .append(Html.escape(report.generatedAt().toString())).append("</div>\n");
        b.append("<div class=\"status status-").append(passed ? "pass" : "warn").append("\" id=\"status\">")
                .append(passed ? "PASS" : "WARN").append("</div>\n");
        b.append("<p class=\"counts\">");
        for (Severity s : Severity.values()) {
            b.append("<span>").append(HtmlPage.severityBadge(s)).append(' ').append(report.count(s)).append("</span>");
        }
        for (Map.Entry<String, Long> e : report.summary().entrySet()) {
            b.append("<span>").append(Html.escape(e.getKey())).append(": <b>").append(e.getValue()).append("</b></span>");
        }
        b.append("</p>\n");
        if (!report.errors().isEmpty()) {
            b.append("<h2>Errors (the run is incomplete)</h2><ul class=\"errors\">");
            report.errors().forEach(e -> b.append("<li>").append(Html.escape(e)).append("</li>"));
            b.append("</ul>\n");
        }
        b.append("<h2>Findings (").append(report.findings().size()).append(")</h2>\n");
        b.append("<table class=\"sortable\" id=\"findings\"><thead><tr><th>Severity</th><th>Rule</th><th>Subject</th>"
                + "<th>Location</th><th>Message</th><th>Details</th></tr></thead><tbody>\n");
        for (Finding f : report.findings()) {
            b.append("<tr><td data-sort=\"").append(f.severity().ordinal()).append("\">")
                    .append(HtmlPage.severityBadge(f.severity())).append("</td>")
                    .append("<td><code>").append(Html.escape(f.ruleId())).append("</code><br>")
                    .append(Html.escape(f.title())).append("</td>")
                    .append("<td><code>").append(Html.escape(f.subject())).append("</code></td>")
                    .append("<td><code>").append(Html.escape(f.location())).append("</code></td>")
                    .append("<td>").append(Html.escape(f.message())).append("</td><td>");
            f.properties().forEach((k, v) -> b.append(Html.escape(k)).append(": <code>").append(Html.escape(v))
                    .append("</code><br>"));
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        if (!report.inputs().isEmpty()) {
            b.append("<h2>Inputs</h2><table><thead><tr><th>Role</th><th>Path</th><th>SHA-256</th></tr></thead><tbody>");
            for (Input in : report.inputs()) {
                b.append("<tr><td>").append(Html.escape(in.role())).append("</td><td><code>")
                        .append(Html.escape(in.path())).append("</code></td><td><code>").append(Html.escape(in.sha256()))
                        .append("</code></td></tr>");
            }
            b.append("</tbody></table>\n");
        }
        return b.toString();
    }
}
