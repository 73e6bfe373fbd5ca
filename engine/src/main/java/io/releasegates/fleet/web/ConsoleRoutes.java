package io.releasegates.fleet.web;

import io.releasegates.fleet.console.Console;
import io.releasegates.fleet.console.ListColumn;
import io.releasegates.fleet.console.ListQuery;
import io.releasegates.fleet.console.ListResult;
import io.releasegates.fleet.console.ListSpec;
import io.releasegates.fleet.store.ConsoleTables.DayRow;
import io.releasegates.report.Severity;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's paths: {@code /} (needs attention), {@code /trend}, every registered list at {@code /NAME} (HTML),
 * {@code /api/list/NAME} (JSON) and {@code /export/list/NAME.csv} with the same parameters, the advisory page
 * {@code /advisories/ID} and {@code /api/advisories/ID}, and {@code /api/attention}, {@code /api/trend}. A parameter
 * the list does not accept is a 400 naming it.
 */
final class ConsoleRoutes {
    private static final Set<String> SCAN_COLUMNS = Set.of("vulnerable", "vulnerable_machines", "severity");
    /** The lists whose vulnerability columns come from imported scans (the monitor's lists carry their own severity). */
    private static final Set<String> SCAN_LISTS = Set.of("hosts", "components", "advisories");
    private final Console console;
    private final ConsoleHtml html;
    private final ListHtml lists;
    private final java.util.function.Supplier<String> homeExtras;

    ConsoleRoutes(Console console, String base) {
        this(console, base, () -> "");
    }

    /** @param homeExtras HTML shown under the home page's panels (already escaped): other work's detail sections */
    ConsoleRoutes(Console console, String base, java.util.function.Supplier<String> homeExtras) {
        this.homeExtras = homeExtras;
        this.console = console;
        this.html = new ConsoleHtml(base);
        this.lists = new ListHtml(base);
    }

    Optional<Response> handle(String path, Map<String, String> query) {
        try {
            return Optional.ofNullable(route(path, query));
        } catch (IllegalArgumentException e) {
            return Optional.of(new Response(400, "text/plain; charset=utf-8", "bad request: " + e.getMessage() + "\n"));
        }
    }

    private Response route(String path, Map<String, String> query) {
        if (path.equals("/")) {
            return Response.html(html.home(console.home(), homeExtras.get()));
        }
        if (path.equals("/api/attention")) {
            return Response.json(console.home());
        }
        if (path.equals("/trend") || path.equals("/api/trend")) {
            Map<String, List<DayRow>> trends = new LinkedHashMap<>();
            trends.put("", console.trend(null));
            console.environments().forEach(env -> trends.put(env, console.trend(env)));
            LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(Console.TREND_DAYS - 1L);
            return path.equals("/trend") ? Response.html(html.trend(trends, first, Console.TREND_DAYS))
                    : Response.json(trends);
        }
        if (path.startsWith("/advisories/") || path.startsWith("/api/advisories/")) {
            boolean api = path.startsWith("/api/");
            String id = UrlSegments.decode(path.substring(api ? "/api/advisories/".length() : "/advisories/".length()));
            return console.advisory(id, query)
                    .map(d -> api ? Response.json(d)
                            : Response.html(html.advisory(d, console.environments())))
                    .orElse(Response.notFound(id));
        }
        if (path.startsWith("/api/list/")) {
            ListSpec spec = spec(path.substring("/api/list/".length()));
            return spec == null ? null : Response.json(json(console.page(spec, query)));
        }
        if (path.startsWith("/export/list/") && path.endsWith(".csv")) {
            ListSpec spec = spec(path.substring("/export/list/".length(), path.length() - ".csv".length()));
            return spec == null ? null : new Response(200, "text/csv; charset=utf-8", csv(spec, query));
        }
        ListSpec spec = path.length() > 1 && path.indexOf('/', 1) < 0 ? spec(path.substring(1)) : null;
        if (spec != null) {
            Set<String> hide = !SCAN_LISTS.contains(spec.name()) || hasScanData() ? Set.of() : SCAN_COLUMNS;
            return Response.html(lists.page(console.page(spec, query), console.environments(), hide));
        }
        return null;
    }

    private ListSpec spec(String name) {
        return console.list(name).orElse(null);
    }

    private boolean hasScanData() {
        return console.list("advisories").isPresent() && console.hasScanData();
    }

    /** The list as JSON: the stable parameters, the counts, the page's rows keyed by column name, neighbour links. */
    static Map<String, Object> json(ListResult r) {
        ListQuery q = r.query();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("list", q.spec().name());
        out.put("parameters", q.parameters());
        out.put("total", r.total());
        // true: the list counted only up to its bound and "total" is a lower bound (the events list)
        out.put("more", r.more());
        out.put("page", q.page());
        out.put("size", q.size());
        out.put("pages", r.pages());
        out.put("sort", q.sort());
        out.put("dir", q.descending() ? "desc" : "asc");
        out.put("refreshedAt", r.refreshedAt());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Object[] row : r.rows()) {
            Map<String, Object> item = new LinkedHashMap<>();
            for (int i = 0; i < q.spec().columns().size(); i++) {
                ListColumn c = q.spec().columns().get(i);
                item.put(c.name(), value(c, row[i]));
            }
            items.add(item);
        }
        out.put("items", items);
        return out;
    }

    private static Object value(ListColumn c, Object v) {
        if (c.kind() == ListColumn.Kind.SEVERITY) {
            int rank = v == null ? 0 : ((Number) v).intValue();
            return rank <= 0 ? null : Severity.values()[rank - 1].label();
        }
        return v;
    }

    /**
     * Every row of the filtered view, written as it is read (no list of rows in between); text cells neutralised
     * against formula injection ({@link FleetCsv#cell}).
     */
    private String csv(ListSpec spec, Map<String, String> query) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spec.columns().size(); i++) {
            out.append(i == 0 ? "" : ",").append(FleetCsv.cell(spec.columns().get(i).name()));
        }
        out.append("\r\n");
        console.export(spec, query, row -> {
            for (int i = 0; i < spec.columns().size(); i++) {
                Object v = value(spec.columns().get(i), row[i]);
                out.append(i == 0 ? "" : ",").append(FleetCsv.cell(v instanceof java.time.Instant t ? t.toString() : v));
            }
            out.append("\r\n");
        });
        return out.toString();
    }
}
