package io.releasegates.fleet.web;

import io.releasegates.fleet.console.ListColumn;
import io.releasegates.fleet.console.ListFilter;
import io.releasegates.fleet.console.ListQuery;
import io.releasegates.fleet.console.ListResult;
import io.releasegates.fleet.console.ListSpec;
import io.releasegates.report.Html;
import io.releasegates.report.HtmlPage;
import io.releasegates.report.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Any console list as an HTML fragment in the page shell: a search and filter form (plain GET, so every filtered view
 * has a URL), column headers that sort on the server, one page of rows and links to the other pages and to the CSV and
 * JSON of the same view. Every link starts with the base path, so the page works embedded under another prefix.
 */
final class ListHtml {
    private final String base;

    ListHtml(String base) {
        this.base = base;
    }

    private static String e(Object value) {
        return Html.escape(value == null ? "" : value.toString());
    }

    /** @param hide columns and filters not shown (the vulnerability ones while no scan data exists) */
    String page(ListResult r, List<String> environments, Set<String> hide) {
        ListQuery q = r.query();
        ListSpec spec = q.spec();
        StringBuilder b = new StringBuilder("<h1>").append(e(spec.title())).append("</h1>");
        b.append(ConsoleHtml.nav(base, q.filters().get("environment")));
        b.append(form(q, environments, hide));
        // a bounded count (the events list) says "more than N" rather than reading every matching row
        String more = r.more() ? "more than " : "";
        b.append("<div class=\"meta\" id=\"list-summary\"><strong id=\"list-total\" data-count=\"").append(r.total())
                .append(r.more() ? "\" data-more=\"true" : "").append("\">").append(more)
                .append(r.total()).append("</strong> matching · page <span id=\"list-page\">").append(q.page()).append("</span> of ")
                .append(more).append(r.pages()).append(" · export <a id=\"export-csv\" href=\"")
                .append(e(base + "/export/list/" + spec.name() + ".csv" + q.queryStringWithout("page", "size")))
                .append("\">CSV</a> <a id=\"export-json\" href=\"").append(e(base + "/api/list/" + spec.name() + q.queryString()))
                .append("\">JSON</a>").append(ConsoleFormats.asOf(r.refreshedAt())).append("</div>");
        b.append("<table id=\"list-").append(e(spec.name())).append("\" class=\"list\"><thead><tr>");
        for (ListColumn c : spec.columns()) {
            if (c.kind() == ListColumn.Kind.HIDDEN || hide.contains(c.name())) {
                continue;
            }
            String cls = c.kind() == ListColumn.Kind.NUMBER ? " class=\"num\"" : "";
            if (!c.sortable()) {
                b.append("<th").append(cls).append('>').append(e(c.label())).append("</th>");
                continue;
            }
            boolean current = c.name().equals(q.sort());
            boolean nextDescending = current ? !q.descending() : c.kind() != ListColumn.Kind.TEXT;
            b.append("<th").append(cls).append(current ? " aria-sort=\"" + (q.descending() ? "descending" : "ascending") + "\"" : "")
                    .append("><a class=\"sort\" data-column=\"").append(e(c.name())).append("\" href=\"")
                    .append(e(base + "/" + spec.name() + q.queryString(Map.of("sort", c.name(), "dir",
                            nextDescending ? "desc" : "asc", "page", "1")))).append("\">").append(e(c.label()))
                    .append(current ? (q.descending() ? " ▼" : " ▲") : "").append("</a></th>");
        }
        b.append("</tr></thead><tbody>");
        for (Object[] row : r.rows()) {
            b.append("<tr>");
            for (int i = 0; i < spec.columns().size(); i++) {
                ListColumn c = spec.columns().get(i);
                if (c.kind() == ListColumn.Kind.HIDDEN || hide.contains(c.name())) {
                    continue;
                }
                b.append(cell(spec, c, row, i));
            }
            b.append("</tr>");
        }
        if (r.rows().isEmpty()) {
            b.append("<tr><td colspan=\"").append(spec.columns().size()).append("\">nothing matches</td></tr>");
        }
        b.append("</tbody></table>").append(pager(q, r.pages(), r.more()));
        return HtmlPage.wrap(spec.title() + " · fleet", b.toString());
    }

    private String cell(ListSpec spec, ListColumn c, Object[] row, int i) {
        Object v = row[i];
        String data = " data-column=\"" + e(c.name()) + "\"";
        return switch (c.kind()) {
            case NUMBER -> "<td class=\"num\"" + data + (v == null ? "" : " data-count=\"" + e(ConsoleFormats.number(v)) + "\"") + ">"
                    + (v == null ? unknown(spec, row) : e(ConsoleFormats.number(v))) + "</td>";
            case SEVERITY -> "<td" + data + ">" + severity(v, spec, row) + "</td>";
            default -> {
                String text = e(v);
                if (c.link() != null && v != null) {
                    Object key = row[spec.index(c.linkColumn())];
                    text = "<a href=\"" + e(base + c.link() + UrlSegments.enc(String.valueOf(key))) + "\">" + text + "</a>";
                }
                yield "<td" + data + ">" + text + "</td>";
            }
        };
    }

    /** A missing count: the host list says why (no scan data, not matched); elsewhere a dash. */
    private static String unknown(ListSpec spec, Object[] row) {
        if (spec.column("scan_status").isPresent()) {
            Object status = row[spec.index("scan_status")];
            return "unmatched".equals(status) ? "not matched" : "no-scan-data".equals(status) ? VulnerabilityHtml.NO_SCAN_DATA : "–";
        }
        return "–";
    }

    private static String severity(Object rank, ListSpec spec, Object[] row) {
        int n = rank == null ? 0 : ((Number) rank).intValue();
        if (n <= 0) {
            // "none known" needs a count that says something was checked; without one the state is unknown
            for (String count : List.of("vulnerable", "vulnerable_machines")) {
                if (spec.column(count).isPresent()) {
                    return row[spec.index(count)] == null ? "" : "none known";
                }
            }
            return "";
        }
        return VulnerabilityHtml.badge(Severity.values()[n - 1].label());
    }

    private String form(ListQuery q, List<String> environments, Set<String> hide) {
        ListSpec spec = q.spec();
        StringBuilder b = new StringBuilder("<form method=\"get\" class=\"filters\" id=\"filters\" action=\"")
                .append(e(base + "/" + spec.name())).append("\"><label>search <input type=\"search\" name=\"q\" id=\"q\" value=\"")
                .append(e(q.search())).append("\" size=\"18\"></label> ");
        for (ListFilter f : spec.filters()) {
            if (hide.contains(f.name())) {
                continue;
            }
            String value = q.filters().getOrDefault(f.name(), "");
            List<String> choices = f.name().equals("environment") ? environments : f.choices();
            if (choices.isEmpty()) {
                b.append("<label>").append(e(f.label())).append(" <input name=\"").append(e(f.name())).append("\" id=\"filter-")
                        .append(e(f.name())).append("\" value=\"").append(e(value)).append("\" size=\"8\"></label> ");
                continue;
            }
            b.append("<label>").append(e(f.label())).append(" <select name=\"").append(e(f.name())).append("\" id=\"filter-")
                    .append(e(f.name())).append("\"><option value=\"\">")
                    // a filter with a default (alerts: open) shows that default when the parameter is left out
                    .append(e(f.whenAbsent() == null || f.whenAbsent().isEmpty() ? "all" : f.whenAbsent())).append("</option>");
            choices = choices.stream().filter(c -> !c.equals(f.whenAbsent())).toList();
            for (String c : choices) {
                b.append("<option value=\"").append(e(c)).append('"').append(c.equals(value) ? " selected" : "").append('>')
                        .append(e(c)).append("</option>");
            }
            b.append("</select></label> ");
        }
        Map<String, String> keep = new HashMap<>();
        if (q.parameters().containsKey("sort")) {
            keep.put("sort", q.sort());
            keep.put("dir", q.descending() ? "desc" : "asc");
        }
        if (q.size() != ListQuery.DEFAULT_SIZE) {
            keep.put("size", Integer.toString(q.size()));
        }
        keep.forEach((k, v) -> b.append("<input type=\"hidden\" name=\"").append(e(k)).append("\" value=\"").append(e(v)).append("\">"));
        return b.append("<button type=\"submit\" id=\"apply\">apply</button> <a href=\"").append(e(base + "/" + spec.name()))
                .append("\">reset</a></form>").toString();
    }

    /** @param more pages follow the last one counted: "next" stays, "last" is unknown and left out */
    String pager(ListQuery q, int pages, boolean more) {
        StringBuilder b = new StringBuilder("<nav class=\"pager meta\" id=\"pager\">");
        String path = base + "/" + q.spec().name();
        if (q.page() > 1) {
            b.append("<a id=\"page-first\" href=\"").append(e(path + q.queryString(Map.of("page", "1")))).append("\">« first</a> ")
                    .append("<a id=\"page-prev\" rel=\"prev\" href=\"")
                    .append(e(path + q.queryString(Map.of("page", Integer.toString(q.page() - 1))))).append("\">‹ previous</a> ");
        }
        b.append("page ").append(q.page()).append(" of ").append(more ? "more than " : "").append(pages);
        if (q.page() < pages || more) {
            b.append(" <a id=\"page-next\" rel=\"next\" href=\"")
                    .append(e(path + q.queryString(Map.of("page", Integer.toString(q.page() + 1))))).append("\">next ›</a>");
        }
        if (q.page() < pages && !more) {
            b.append(" <a id=\"page-last\" href=\"").append(e(path + q.queryString(Map.of("page", Integer.toString(pages)))))
                    .append("\">last »</a>");
        }
        return b.append("</nav>").toString();
    }
}
