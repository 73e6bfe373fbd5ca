package io.releasegates.gate;

import io.releasegates.report.Finding;
import io.releasegates.report.Html;
import io.releasegates.report.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What blocks (or warns), grouped by component, for people: the terminal listing of {@code scan}, {@code gate},
 * {@code check} and {@code fleet report}, and the reason tables of {@code index.html} and the verdict page. The
 * worst component comes first; each row says severity, rule, file and a reason that does not repeat the component or
 * the file the columns already show.
 */
public final class ResultGroups {
    private static final Pattern ADVISORY_PREFIX = Pattern.compile("^\\S+(?: \\([^)]*\\))? in \\S+; ");

    private ResultGroups() {
    }

    /** One listed problem. {@code severity} is empty for the gate's own conditions (missing or stale evidence). */
    public record Row(String gate, String status, String severity, String ruleId, String location, String reason,
                      String threshold, String waiver) {
    }

    /** The rows of one component (a purl, the package itself, an evidence file...). */
    public record Group(String component, List<Row> rows) {
        public Group {
            rows = List.copyOf(rows);
        }

        /** The file every row names, when they all name the same one; empty otherwise. */
        public String commonLocation() {
            String first = rows.get(0).location();
            return rows.stream().allMatch(r -> r.location().equals(first)) ? first : "";
        }
    }

    /** The verdict's reasons: BLOCK and WARN conditions, and those a waiver turned into PASS. */
    public static List<Group> ofConditions(List<Condition> conditions) {
        List<Condition> listed = conditions.stream()
                .filter(c -> c.status() == Status.BLOCK || c.status() == Status.WARN || !c.waiver().isEmpty())
                .sorted(Comparator.comparingInt((Condition c) -> statusRank(c.status()))
                        .thenComparing(c -> -severityRank(c.severity())).thenComparing(Condition::ruleId))
                .toList();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Condition c : listed) {
            groups.computeIfAbsent(component(c.subject(), c.location()), k -> new ArrayList<>())
                    .add(new Row(c.gate(), c.status().label(), c.severity(), c.ruleId(), c.location(),
                            concise(c.ruleId(), c.location(), c.reason()), c.threshold(), c.waiver()));
        }
        return groups.entrySet().stream().map(e -> new Group(e.getKey(), e.getValue())).toList();
    }

    /** A gate report's findings at or above {@code threshold}, the ones that make the command exit 1. */
    public static List<Group> ofFindings(List<Finding> findings, Severity threshold) {
        List<Finding> listed = findings.stream().filter(f -> f.severity().isAtLeast(threshold))
                .sorted(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::ruleId)).toList();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Finding f : listed) {
            groups.computeIfAbsent(component(f.subject(), f.location()), k -> new ArrayList<>())
                    .add(new Row("", "FAIL", f.severity().label(), f.ruleId(), f.location(),
                            concise(f.ruleId(), f.location(), f.message()), "", ""));
        }
        return groups.entrySet().stream().map(e -> new Group(e.getKey(), e.getValue())).toList();
    }

    /**
     * The groups as one HTML table, a {@code <tbody>} per component under a heading row. {@code gateCell} renders the
     * gate column (a link to the gate's report where there is one).
     */
    public static String html(String id, List<Group> groups, java.util.function.Function<String, String> gateCell) {
        StringBuilder b = new StringBuilder();
        b.append("<table class=\"grouped\" id=\"").append(Html.escape(id)).append("\"><thead><tr><th>Status</th>"
                + "<th>Severity</th><th>Gate</th><th>Rule</th><th>File</th><th>Reason</th><th>Threshold</th>"
                + "</tr></thead>\n");
        for (Group g : groups) {
            b.append("<tbody class=\"group\"><tr class=\"group-head\"><th colspan=\"7\"><code>")
                    .append(Html.escape(g.component())).append("</code> <small>(").append(g.rows().size())
                    .append(")</small></th></tr>\n");
            for (Row r : g.rows()) {
                String css = r.status().toLowerCase(Locale.ROOT);
                b.append("<tr class=\"cond-").append(css).append("\"><td><span class=\"status status-").append(css)
                        .append(" status-small\">").append(Html.escape(r.status()))
                        .append("</span></td><td>");
                if (!r.severity().isEmpty()) {
                    b.append("<span class=\"sev sev-").append(Html.escape(r.severity())).append("\">")
                            .append(Html.escape(r.severity())).append("</span>");
                }
                b.append("</td><td>").append(gateCell.apply(r.gate()))
                        .append("</td><td><code class=\"nowrap\">")
                        .append(Html.escape(r.ruleId())).append("</code></td><td><code>").append(Html.escape(r.location()))
                        .append("</code></td><td>").append(Html.escape(r.reason()));
                if (!r.waiver().isEmpty()) {
                    b.append("<br><small>waiver: ").append(Html.escape(r.waiver())).append("</small>");
                }
                b.append("</td><td>").append(Html.escape(r.threshold())).append("</td></tr>\n");
            }
            b.append("</tbody>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String component(String subject, String location) {
        return subject.isEmpty() ? (location.isEmpty() ? "(no component)" : location) : subject;
    }

    /**
     * The reason without what the row's other columns say: "CVE-x (GHSA-y) in g:a:v; " before an advisory's text,
     * and the file name before and after a file finding's description (".env: environment file (.env) at .env").
     */
    static String concise(String ruleId, String location, String reason) {
        String r = reason;
        if (r.startsWith(ruleId + " ") || r.startsWith(ruleId + ";")) {
            r = ADVISORY_PREFIX.matcher(r).replaceFirst("");
        }
        if (!location.isEmpty()) {
            String name = location.endsWith("/") ? location : location.substring(location.lastIndexOf('/') + 1);
            if (r.startsWith(name + ": ")) {
                r = r.substring(name.length() + 2);
            }
            if (r.endsWith(" at " + location)) {
                r = r.substring(0, r.length() - location.length() - 4);
            }
        }
        return r.isBlank() ? reason : r;
    }

    private static int statusRank(Status s) {
        return switch (s) {
            case BLOCK -> 0;
            case WARN -> 1;
            default -> 2;
        };
    }

    private static int severityRank(String label) {
        return severity(label).map(s -> s.ordinal() + 1).orElse(0);
    }

    /** The severity a label names; empty for "" or a label of no known severity. */
    public static Optional<Severity> severity(String label) {
        try {
            return label.isEmpty() ? Optional.empty()
                    : Optional.of(Severity.valueOf(label.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
