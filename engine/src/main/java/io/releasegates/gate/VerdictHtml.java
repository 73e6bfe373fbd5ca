package io.releasegates.gate;

import io.releasegates.report.Html;
import io.releasegates.report.HtmlPage;
import java.util.List;

/** The verdict as one self-contained HTML page: status and reasons first, then every condition and the evidence. */
public final class VerdictHtml {
    private VerdictHtml() {
    }

    /**
     * @param signedBy key id the verdict JSON is signed with; empty when unsigned
     */
    public static String render(Verdict v, String signedBy) {
        return HtmlPage.wrap(title(v), body(v, signedBy));
    }

    /** The page's title: the verdict and the environment. */
    public static String title(Verdict v) {
        return "Promotion gate " + v.status().label() + " — " + v.environment();
    }

    /** The page's body alone, for a host page with its own shell; {@code signedBy} as in {@link #render}. */
    public static String body(Verdict v, String signedBy) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Promotion gate: ").append(Html.escape(v.environment())).append("</h1>\n");
        b.append("<div class=\"meta\">release-gates ").append(Html.escape(v.toolVersion())).append(" · evaluated ")
                .append(Html.escape(v.evaluatedAt().toString())).append(" · ")
                .append(signedBy.isEmpty() ? "<b>unsigned</b>" : "signed by <code>" + Html.escape(signedBy) + "</code>")
                .append("</div>\n");
        b.append("<div class=\"status status-").append(v.status().cssClass()).append("\" id=\"verdict\">")
                .append(v.status().label()).append("</div>\n");
        b.append("<p class=\"counts\" id=\"counts\"><span>block: <b>").append(v.count(Status.BLOCK))
                .append("</b></span><span>warn: <b>").append(v.count(Status.WARN))
                .append("</b></span><span>waived: <b>").append(v.waived())
                .append("</b></span><span>pass: <b>").append(v.count(Status.PASS)).append("</b></span></p>\n");
        b.append("<table id=\"identity\"><tbody>")
                .append(row("Package", "<code>" + Html.escape(v.packagePath()) + "</code>"))
                .append(row("Package SHA-256", "<code id=\"package-sha256\">" + Html.escape(v.packageSha256()) + "</code>"))
                .append(row("Environment", Html.escape(v.environment())))
                .append(row("Required gates", Html.escape(String.join(", ", v.requiredGates()))))
                .append(row("Policy", "<code>" + Html.escape(v.policyPath()) + "</code> (sha256 <code>"
                        + Html.escape(v.policySha256()) + "</code>)"))
                .append("</tbody></table>\n");

        List<Condition> reasons = v.reasons();
        b.append("<h2>Reasons (").append(reasons.size()).append(")</h2>\n");
        if (reasons.isEmpty()) {
            b.append("<p id=\"reasons-none\">Every required gate has fresh, complete evidence about this package and "
                    + "nothing in it blocks or warns.</p>\n");
        } else {
            b.append(ResultGroups.html("reasons", ResultGroups.ofConditions(reasons), Html::escape));
        }
        b.append("<h2>All conditions (").append(v.conditions().size()).append(")</h2>\n");
        table(b, "conditions", v.conditions());

        b.append("<h2>Evidence (").append(v.evidence().size()).append(")</h2>\n");
        b.append("<table class=\"sortable\" id=\"evidence\"><thead><tr><th>Gate</th><th>File</th><th>Written</th>"
                + "<th>Tool</th><th>SHA-256</th></tr></thead><tbody>\n");
        for (Verdict.EvidenceRef e : v.evidence()) {
            b.append("<tr><td>").append(Html.escape(e.gate())).append("</td><td><code>").append(Html.escape(e.file()))
                    .append("</code></td><td>").append(Html.escape(String.valueOf(e.generatedAt())))
                    .append("</td><td>").append(Html.escape(e.toolVersion())).append("</td><td><code>")
                    .append(Html.escape(e.sha256())).append("</code></td></tr>\n");
        }
        b.append("</tbody></table>\n");
        return b.toString();
    }

    private static String row(String label, String valueHtml) {
        return "<tr><th>" + Html.escape(label) + "</th><td>" + valueHtml + "</td></tr>";
    }

    private static void table(StringBuilder b, String id, List<Condition> conditions) {
        b.append("<table class=\"sortable\" id=\"").append(id).append("\"><thead><tr><th>Status</th><th>Gate</th>"
                + "<th>Rule</th><th>Subject</th><th>Reason</th><th>Threshold</th><th>Waiver</th></tr></thead><tbody>\n");
        for (Condition c : conditions) {
            b.append("<tr class=\"cond-").append(c.status().cssClass()).append("\"><td data-sort=\"")
                    .append(c.status().ordinal()).append("\"><span class=\"status status-").append(c.status().cssClass())
                    .append(" status-small\">").append(c.status().label())
                    .append("</span>");
            if (!c.severity().isEmpty()) {
                b.append(' ').append("<span class=\"sev sev-").append(Html.escape(c.severity())).append("\">")
                        .append(Html.escape(c.severity())).append("</span>");
            }
            b.append("</td><td>").append(Html.escape(c.gate())).append("</td><td><code class=\"nowrap\">").append(Html.escape(c.ruleId()))
                    .append("</code></td><td><code>").append(Html.escape(c.subject())).append("</code>");
            if (!c.location().isEmpty() && !c.location().equals(c.subject())) {
                b.append("<br><code>").append(Html.escape(c.location())).append("</code>");
            }
            b.append("</td><td>").append(Html.escape(c.reason())).append("</td><td>").append(Html.escape(c.threshold()))
                    .append("</td><td>").append(Html.escape(c.waiver())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }
}
