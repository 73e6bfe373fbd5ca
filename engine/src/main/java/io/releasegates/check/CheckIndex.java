package io.releasegates.check;

import io.releasegates.gate.Condition;
import io.releasegates.gate.ResultGroups;
import io.releasegates.gate.Status;
import io.releasegates.gate.Verdict;
import io.releasegates.report.Html;
import io.releasegates.report.HtmlPage;
import io.releasegates.report.Severity;
import java.nio.file.Path;
import java.util.List;

/** {@code index.html} of a check run: the verdict and its reasons first, then every step with links to its reports. */
final class CheckIndex {
    private CheckIndex() {
    }

    static String render(CheckResult r, CheckConfig config) {
        Verdict v = r.verdict();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Release Gates check: ").append(Html.escape(config.packageFile().getFileName().toString()))
                .append("</h1>\n");
        b.append("<div class=\"meta\">release-gates ").append(Html.escape(v.toolVersion())).append(" · ")
                .append(Html.escape(v.evaluatedAt().toString())).append(" · config <code>")
                .append(Html.escape(config.source().toString())).append("</code></div>\n");
        b.append("<p>Promotion to <b>").append(Html.escape(v.environment())).append("</b>: ")
                .append("<span class=\"status status-").append(v.status().cssClass()).append("\" id=\"verdict\">")
                .append(v.status().label()).append("</span></p>\n");
        b.append("<p>Package <code>").append(Html.escape(v.packagePath())).append("</code><br>SHA-256 <code id=\"package-sha256\">")
                .append(Html.escape(v.packageSha256())).append("</code></p>\n");
        b.append("<p>Verdict: <a id=\"verdict-link\" href=\"").append(CheckResult.VERDICT_HTML).append("\">verdict page</a> · ")
                .append("<a href=\"").append(CheckResult.VERDICT_JSON).append("\">signed verdict JSON</a> · ")
                .append("<a href=\"").append(CheckResult.VERDICT_JUNIT).append("\">JUnit XML</a> · signed by <code>")
                .append(Html.escape(r.keyId())).append("</code>")
                .append(r.demoKey() ? " (a throw-away key generated for this run: set <code>key:</code> in the config "
                        + "to sign with yours)" : "").append("</p>\n");

        List<Condition> reasons = v.reasons();
        b.append("<h2>Reasons (").append(reasons.size()).append(")</h2>\n");
        if (reasons.isEmpty()) {
            b.append("<p id=\"reasons-none\">Every required gate has fresh, complete evidence about this package and "
                    + "nothing in it blocks or warns.</p>\n");
        } else {
            // grouped by component, worst first, with severity and file columns (the verdict page does the same)
            b.append(ResultGroups.html("reasons", ResultGroups.ofConditions(reasons), gate -> {
                boolean linked = r.steps().stream().anyMatch(s -> s.name().equals(gate) && s.report() != null);
                return linked ? "<a href=\"reports/" + Html.escape(gate) + ".html\">" + Html.escape(gate) + "</a>"
                        : Html.escape(gate);
            }));
        }

        b.append("<h2>Steps</h2>\n<table id=\"steps\"><thead><tr><th>Step</th><th>State</th><th>Findings</th>"
                + "<th>Time</th><th>Reports</th></tr></thead><tbody>\n");
        for (CheckResult.StepResult s : r.steps()) {
            b.append("<tr id=\"step-").append(Html.escape(s.name())).append("\"><td>").append(Html.escape(s.name()))
                    .append("</td><td>").append(s.state().name()).append("<br><small>").append(Html.escape(s.message()))
                    .append("</small></td><td>");
            if (s.report() != null) {
                for (Severity sev : Severity.values()) {
                    long n = s.report().count(sev);
                    if (n > 0) {
                        b.append(HtmlPage.severityBadge(sev)).append(' ').append(n).append(' ');
                    }
                }
            }
            b.append("</td><td class=\"num\">").append(s.millis()).append(" ms</td><td>");
            for (Step.Extra link : s.links()) {
                b.append("<a href=\"").append(Html.escape(href(link.file()))).append("\">").append(Html.escape(link.label()))
                        .append("</a> ");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        long unavailable = r.steps().stream().filter(s -> s.state() == CheckResult.State.UNAVAILABLE).count();
        if (unavailable > 0) {
            b.append("<p>").append(unavailable).append(" step(s) are not part of this build; the gate judges only "
                    + "evidence that was really produced.</p>\n");
        }
        // absolute, quoted paths: the command runs as printed from any folder once `release-gates` is on the PATH
        // (./release-gates install)
        String key = r.demoKey() ? r.outDir().resolve("keys/demo-signing-key.pub.pem").toString() : String.valueOf(config.key());
        b.append("<h2>Check this verdict again</h2>\n<pre style=\"white-space:pre-wrap\"><code id=\"verify-command\">")
                .append(Html.escape("release-gates gate verify "
                        + shellWord(r.outDir().toAbsolutePath().resolve(CheckResult.VERDICT_JSON).toString())
                        + " --package " + shellWord(config.packageFile().toAbsolutePath().normalize().toString())
                        + " --key " + shellWord(Path.of(key).toAbsolutePath().normalize().toString())
                        + " --environment " + shellWord(v.environment()) + " --max-age 24h --evidence "
                        + shellWord(r.outDir().toAbsolutePath().resolve("evidence").toString())))
                .append("</code></pre>\n");
        b.append("<p class=\"meta\">").append(v.count(Status.BLOCK)).append(" blocking, ").append(v.count(Status.WARN))
                .append(" warning, ").append(v.waived()).append(" waived, ").append(v.count(Status.PASS))
                .append(" passed condition(s).</p>\n");
        return HtmlPage.wrap("Release Gates check: " + v.status().label(), b.toString());
    }

    /** A word the shell reads back unchanged: as it is when safe, else in single quotes. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String href(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
