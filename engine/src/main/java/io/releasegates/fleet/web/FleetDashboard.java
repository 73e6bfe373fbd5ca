package io.releasegates.fleet.web;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.view.FleetViews;
import io.releasegates.fleet.view.HostChangesView;
import io.releasegates.fleet.view.ViewModel;
import io.releasegates.fleet.console.Console;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.releasegates.fleet.monitor.MonitorViews;
import io.releasegates.report.BadInputException;

/**
 * The dashboard without a server: maps a path and an environment to a rendered body. {@code serve} puts it behind
 * the JDK HTTP server; the Jenkins plugin can call {@link #render} from its own page. Paths:
 * the operations console ({@code ConsoleRoutes}: {@code /} needs attention, the paged lists {@code /components},
 * {@code /hosts}, {@code /advisories} with their {@code /api/list/} and {@code /export/list/} twins, {@code /trend},
 * {@code /advisories/ID}), the complete tables {@code /overview} and {@code /overview/hosts},
 * {@code /components/KEY}, {@code /hosts/NAME} (HTML, one page of rows),
 * {@code /api/components[/KEY]}, {@code /api/hosts[/NAME]} (JSON), {@code /export/{components,hosts}.{csv,json}},
 * a host's change log at {@code /changes/NAME} (HTML) and {@code /api/changes/NAME} (JSON), and open file-change
 * alerts at {@code /alerts[/NAME]} (HTML) and {@code /api/alerts[/NAME]} (JSON).
 */
public final class FleetDashboard {
    private final FleetViews views;
    private final Console console;
    private final ConsoleRoutes consoleRoutes;
    private final FleetHtml html;
    private final HostChangesView changes;
    private final ChangesHtml changesHtml;
    private final FleetStore store;
    private final AlertsHtml alertsHtml;
    private final MonitorViews monitor;
    private final MonitorHtml monitorHtml;
    private final Clock clock;
    private final WholeAnswers whole;

    /** @param basePath prefix of every link the pages make (empty under {@code serve}) */
    public FleetDashboard(FleetStore store, CadencePolicy policy, Clock clock, String basePath) {
        this(store, policy, clock, basePath, Console.DEFAULT_STALE_AFTER);
    }

    /** @param staleAfter a host without a report for longer has stopped reporting (the home page's panel) */
    public FleetDashboard(FleetStore store, CadencePolicy policy, Clock clock, String basePath, Duration staleAfter) {
        this.views = new FleetViews(store, policy, clock);
        this.console = new Console(store, views, policy, clock, staleAfter);
        this.html = new FleetHtml(basePath == null ? "" : basePath);
        this.changes = new HostChangesView(store, clock);
        this.changesHtml = new ChangesHtml(basePath == null ? "" : basePath);
        this.store = store;
        this.alertsHtml = new AlertsHtml(basePath == null ? "" : basePath);
        this.monitor = new MonitorViews(store, clock);
        this.monitorHtml = new MonitorHtml(basePath == null ? "" : basePath);
        this.clock = clock;
        this.whole = new WholeAnswers(console, monitor, html, basePath == null ? "" : basePath);
        // the console's home shows the attention counts, then the monitor's newly exposed pairs and open file alerts
        this.consoleRoutes = new ConsoleRoutes(console, basePath == null ? "" : basePath,
                () -> monitorHtml.newlyExposed(monitor.newlyExposed()) + alertsHtml.panel(store.openAlerts(null), null));
    }

    /** Convenience for embedders: the view at {@code path} with the default policy, as HTML or JSON by path. */
    public static String render(FleetStore store, String path, String environment) {
        return new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "").handle(path, environment).body();
    }

    public FleetViews views() {
        return views;
    }

    /** The operations console: add panels and lists here ({@link Console#addPanel}, {@link Console#addList}). */
    public Console console() {
        return console;
    }

    /** Kept for embedders of the monitor's first version: the same as {@link #request}. */
    public Response handleQuery(String rawPath, Map<String, String> query) {
        return request(rawPath, query);
    }

    /**
     * The monitor's {@code /api/events?since=TIME&after=ID} and {@code /api/releases} (docs/monitoring.md); null for
     * every other path. The paged {@code /releases} and {@code /events} pages are console lists.
     */
    private Response monitorRoute(String path, Map<String, String> query, String env) {
        try {
            switch (path) {
                case "/api/events" -> {
                    long after = query.get("after") == null ? 0 : Long.parseLong(query.get("after"));
                    return Response.json(monitor.events(MonitorViews.since(query.get("since"), clock.instant()), after));
                }
                default -> {
                    return null;
                }
            }
        } catch (BadInputException | NumberFormatException e) {
            return new Response(400, "text/plain; charset=utf-8", "bad request: " + e.getMessage() + "\n");
        }
    }

    public Response handle(String rawPath, String environment) {
        return request(rawPath, environment == null ? Map.of() : Map.of("environment", environment));
    }

    /** @param query the decoded query parameters: the console's lists validate every one of them */
    public Response request(String rawPath, Map<String, String> query) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String environment = query.get("environment");
        String env = environment == null || environment.isBlank() ? null : environment;
        Response monitored = monitorRoute(path, query, env);
        if (monitored != null) {
            return monitored;
        }
        Optional<Response> console = consoleRoutes.handle(path, query);
        if (console.isPresent()) {
            return console.get();
        }
        // the whole-fleet answers, one page each (WholeAnswers)
        Response paged = whole.handle(path, query, env,
                path.equals("/overview") ? alertsHtml.panel(store.openAlerts(null), null) : "");
        if (paged != null) {
            return paged;
        }
        Response alerts = alerts(path);
        if (alerts != null) {
            return alerts;
        }
        try {
            if (path.startsWith("/components/")) {
                String key = UrlSegments.decode(path.substring("/components/".length()));
                DetailPager pager = DetailPager.parse(query);
                return views.component(key, env).map(d -> Response.html(html.component(d, pager))).orElse(Response.notFound(key));
            }
            if (path.startsWith("/hosts/")) {
                String name = UrlSegments.decode(path.substring("/hosts/".length()));
                DetailPager pager = DetailPager.parse(query);
                return views.host(name)
                        .map(d -> Response.html(html.host(d, pager, alertsHtml.panel(store.openAlerts(name), name))))
                        .orElse(Response.notFound(name));
            }
        } catch (IllegalArgumentException e) {
            return new Response(400, "text/plain; charset=utf-8", "bad request: " + e.getMessage() + "\n");
        }
        // the exports are the complete views (downloads, not pages)
        if (path.equals("/export/components.json")) {
            return Response.json(this.console.components(env));
        }
        if (path.equals("/export/hosts.json")) {
            return Response.json(this.console.hosts(env));
        }
        // the detail answers are one slice, as on the pages (page 1 of 100 rows unless page or size says otherwise)
        try {
            if (path.startsWith("/api/components/")) {
                String key = UrlSegments.decode(path.substring("/api/components/".length()));
                DetailPager pager = DetailPager.parse(query);
                return json(views.component(key, env).map(d -> new ViewModel.ComponentDetail(d.environment(),
                        d.component(), pager.slice(d.hosts()), d.scanData())), key);
            }
            if (path.startsWith("/api/hosts/")) {
                String name = UrlSegments.decode(path.substring("/api/hosts/".length()));
                DetailPager pager = DetailPager.parse(query);
                return json(views.host(name).map(d -> new ViewModel.HostDetail(d.host(), pager.slice(d.packages()),
                        d.scanData())), name);
            }
        } catch (IllegalArgumentException e) {
            return new Response(400, "text/plain; charset=utf-8", "bad request: " + e.getMessage() + "\n");
        }
        if (path.startsWith("/changes/")) {
            String name = UrlSegments.decode(path.substring("/changes/".length()));
            return changes.host(name).map(c -> Response.html(changesHtml.page(c))).orElse(Response.notFound(name));
        }
        if (path.startsWith("/api/changes/")) {
            String name = UrlSegments.decode(path.substring("/api/changes/".length()));
            return json(changes.host(name), name);
        }
        if (path.equals("/export/components.csv")) {
            return new Response(200, "text/csv; charset=utf-8", FleetCsv.components(this.console.components(env)));
        }
        if (path.equals("/export/hosts.csv")) {
            return new Response(200, "text/csv; charset=utf-8", FleetCsv.hosts(this.console.hosts(env)));
        }
        return Response.notFound(path);
    }

    /** File-change alerts of integrity watch agents: {@code /alerts[/HOST]} (HTML), {@code /api/alerts[/HOST]} (JSON). */
    private Response alerts(String path) {
        if (path.equals("/alerts") || path.startsWith("/alerts/")) {
            String host = path.length() > "/alerts/".length() ? UrlSegments.decode(path.substring("/alerts/".length())) : null;
            return Response.html(alertsHtml.page(store.openAlerts(host), host));
        }
        if (path.equals("/api/alerts") || path.startsWith("/api/alerts/")) {
            String host = path.length() > "/api/alerts/".length() ? UrlSegments.decode(path.substring("/api/alerts/".length())) : null;
            List<FleetStore.AlertRow> rows = store.openAlerts(host);
            return Response.json(new OpenAlerts(host, rows.size(), rows.stream().map(FleetStore.AlertRow::alert).toList()));
        }
        return null;
    }

    /** The JSON of {@code GET /api/alerts}: open alerts, newest first. */
    public record OpenAlerts(String host, int open, List<io.releasegates.integrity.watch.FileAlert> alerts) {
        public OpenAlerts {
            alerts = List.copyOf(alerts);
        }
    }

    private static Response json(Optional<?> value, String what) {
        return value.<Response>map(Response::json).orElse(Response.notFound(what));
    }
}
