package io.releasegates.fleet.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.view.FleetViews;
import io.releasegates.fleet.view.HostChangesView;
import io.releasegates.report.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import io.releasegates.monitor.MonitorViews;
import io.releasegates.report.BadInputException;

/**
 * The dashboard without a server: maps a path and an environment to a rendered body. {@code serve} puts it behind
 * the JDK HTTP server; the Jenkins plugin can call {@link #render} from its own page. Paths:
 * {@code /}, {@code /components/KEY}, {@code /hosts}, {@code /hosts/NAME} (HTML),
 * {@code /api/components[/KEY]}, {@code /api/hosts[/NAME]} (JSON), {@code /export/{components,hosts}.{csv,json}},
 * and a host's change log at {@code /changes/NAME} (HTML) and {@code /api/changes/NAME} (JSON).
 */
public final class FleetDashboard {
    /** A rendered answer: HTTP status, media type and body. */
    public record Response(int status, String contentType, String body) {
        static Response html(String body) {
            return new Response(200, "text/html; charset=utf-8", body);
        }

        static Response json(Object value) {
            try {
                return new Response(200, "application/json; charset=utf-8", Json.mapper().writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("view not serialisable: " + e.getMessage(), e);
            }
        }

        static Response notFound(String what) {
            return new Response(404, "text/plain; charset=utf-8", "not found: " + what + "\n");
        }
    }

    private final FleetViews views;
    private final FleetHtml html;
    private final HostChangesView changes;
    private final ChangesHtml changesHtml;
    private final MonitorViews monitor;
    private final MonitorHtml monitorHtml;
    private final Clock clock;

    /** @param basePath prefix of every link the pages make (empty under {@code serve}) */
    public FleetDashboard(FleetStore store, CadencePolicy policy, Clock clock, String basePath) {
        this.views = new FleetViews(store, policy, clock);
        this.html = new FleetHtml(basePath == null ? "" : basePath);
        this.changes = new HostChangesView(store, clock);
        this.changesHtml = new ChangesHtml(basePath == null ? "" : basePath);
        this.monitor = new MonitorViews(store, clock);
        this.monitorHtml = new MonitorHtml(basePath == null ? "" : basePath);
        this.clock = clock;
    }

    /** Convenience for embedders: the view at {@code path} with the default policy, as HTML or JSON by path. */
    public static String render(FleetStore store, String path, String environment) {
        return new FleetDashboard(store, CadencePolicy.defaults(), Clock.systemUTC(), "").handle(path, environment).body();
    }

    public FleetViews views() {
        return views;
    }

    /**
     * With the query: the monitor's {@code /api/events?since=TIME&after=ID}, {@code /releases} and
     * {@code /api/releases} (docs/monitoring.md), and every other path as {@link #handle(String, String)}.
     */
    public Response handleQuery(String rawPath, Map<String, String> query) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String env = query.get("environment") == null || query.get("environment").isBlank() ? null : query.get("environment");
        try {
            switch (path) {
                case "/api/events" -> {
                    long after = query.get("after") == null ? 0 : Long.parseLong(query.get("after"));
                    return Response.json(monitor.events(MonitorViews.since(query.get("since"), clock.instant()), after));
                }
                case "/api/releases" -> {
                    return Response.json(monitor.releases(env));
                }
                case "/releases" -> {
                    return Response.html(monitorHtml.releases(monitor.releases(env)));
                }
                default -> {
                    return handle(path, env);
                }
            }
        } catch (BadInputException | NumberFormatException e) {
            return new Response(400, "text/plain; charset=utf-8", "bad request: " + e.getMessage() + "\n");
        }
    }

    public Response handle(String rawPath, String environment) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String env = environment == null || environment.isBlank() ? null : environment;
        if (path.equals("/") || path.equals("/components")) {
            return Response.html(html.components(views.components(env), monitorHtml.newlyExposed(monitor.newlyExposed())));
        }
        if (path.equals("/hosts")) {
            return Response.html(html.hosts(views.hosts(env)));
        }
        if (path.startsWith("/components/")) {
            String key = decode(path.substring("/components/".length()));
            return views.component(key, env).map(d -> Response.html(html.component(d))).orElse(Response.notFound(key));
        }
        if (path.startsWith("/hosts/")) {
            String name = decode(path.substring("/hosts/".length()));
            return views.host(name).map(d -> Response.html(html.host(d))).orElse(Response.notFound(name));
        }
        if (path.equals("/api/components") || path.equals("/export/components.json")) {
            return Response.json(views.components(env));
        }
        if (path.equals("/api/hosts") || path.equals("/export/hosts.json")) {
            return Response.json(views.hosts(env));
        }
        if (path.startsWith("/api/components/")) {
            String key = decode(path.substring("/api/components/".length()));
            return json(views.component(key, env), key);
        }
        if (path.startsWith("/api/hosts/")) {
            String name = decode(path.substring("/api/hosts/".length()));
            return json(views.host(name), name);
        }
        if (path.startsWith("/changes/")) {
            String name = decode(path.substring("/changes/".length()));
            return changes.host(name).map(c -> Response.html(changesHtml.page(c))).orElse(Response.notFound(name));
        }
        if (path.startsWith("/api/changes/")) {
            String name = decode(path.substring("/api/changes/".length()));
            return json(changes.host(name), name);
        }
        if (path.equals("/export/components.csv")) {
            return new Response(200, "text/csv; charset=utf-8", FleetCsv.components(views.components(env)));
        }
        if (path.equals("/export/hosts.csv")) {
            return new Response(200, "text/csv; charset=utf-8", FleetCsv.hosts(views.hosts(env)));
        }
        return Response.notFound(path);
    }

    private static Response json(Optional<?> value, String what) {
        return value.<Response>map(Response::json).orElse(Response.notFound(what));
    }

    private static String decode(String segment) {
        // '+' is a literal in purls' path form; only %XX escapes are decoded
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
