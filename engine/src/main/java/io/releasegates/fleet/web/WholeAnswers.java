package io.releasegates.fleet.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.fleet.console.Console;
import io.releasegates.fleet.console.PageParameters;
import io.releasegates.fleet.monitor.MonitorViews;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.HostsView;
import io.releasegates.report.Json;
import java.util.List;
import java.util.Map;

/**
 * The answers that used to carry the whole fleet, one page at a time (issue #19: every page and API answer under
 * 500 KB): {@code /api/hosts} (it was 4.1 MB at 10,000 hosts), {@code /api/components} (2.2 MB), {@code /api/releases}
 * (886 KB) and the HTML tables {@code /overview} and {@code /overview/hosts}. Each takes {@code page} and {@code size}
 * (validated like the lists'), keeps its JSON shape with {@code items} holding the page, and adds {@code page},
 * {@code size}, {@code total}, {@code pages} and {@code more}: a client that read {@code items} whole follows
 * {@code more}, or downloads the complete view from {@code /export/hosts.json} / {@code /export/components.json}.
 * The whole views come from the console's kept copy ({@link Console#hosts}), so a page is a slice, not 30 s of work.
 */
final class WholeAnswers {
    /** Page sizes: default and maximum, each well under 500 KB at the bench's figures (bytes per item in comments). */
    static final int HOSTS = 500;            // ~420 bytes per host
    static final int HOSTS_MAX = 1000;
    static final int COMPONENTS = 100;       // ~2.3 KB per component (its versions)
    static final int COMPONENTS_MAX = 200;
    static final int RELEASES = 50;          // ~4.5 KB per release (its components and exposures)
    static final int RELEASES_MAX = 100;
    static final int OVERVIEW = 200;         // ~1.2 KB of HTML per component
    static final int OVERVIEW_HOSTS = 500;

    private final Console console;
    private final MonitorViews monitor;
    private final FleetHtml html;
    private final String base;

    WholeAnswers(Console console, MonitorViews monitor, FleetHtml html, String base) {
        this.console = console;
        this.monitor = monitor;
        this.html = html;
        this.base = base;
    }

    /** The answer for one of these paths, or null for any other path. */
    Response handle(String path, Map<String, String> query, String env, String alertsPanel) {
        try {
            return switch (path) {
                case "/api/hosts" -> {
                    HostsView v = console.hosts(env);
                    Slice s = Slice.of(query, v.items().size(), HOSTS, HOSTS_MAX);
                    yield json(new HostsView(v.environment(), v.environments(), v.generatedAt(), s.of(v.items()), v.scanData()), s);
                }
                case "/api/components" -> {
                    ComponentsView v = console.components(env);
                    Slice s = Slice.of(query, v.items().size(), COMPONENTS, COMPONENTS_MAX);
                    yield json(page(v, s), s);
                }
                case "/api/releases" -> {
                    MonitorViews.ReleasesView v = monitor.releases(env);
                    Slice s = Slice.of(query, v.items().size(), RELEASES, RELEASES_MAX);
                    yield json(new MonitorViews.ReleasesView(v.generatedAt(), v.environment(), v.environments(), v.monitored(),
                            s.of(v.items())), s);
                }
                case "/overview" -> {
                    ComponentsView v = console.components(env);
                    Slice s = Slice.of(query, v.items().size(), OVERVIEW, OVERVIEW);
                    yield Response.html(html.components(page(v, s), pager("/overview", env, s, "components") + alertsPanel));
                }
                case "/overview/hosts" -> {
                    HostsView v = console.hosts(env);
                    Slice s = Slice.of(query, v.items().size(), OVERVIEW_HOSTS, OVERVIEW_HOSTS);
                    yield Response.html(html.hosts(new HostsView(v.environment(), v.environments(),
                            v.generatedAt(), s.of(v.items()), v.scanData()), v.items().size(), pager("/overview/hosts", env, s, "hosts")));
                }
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return new Response(400, "text/plain; charset=utf-8", "bad request: " + e.getMessage() + "\n");
        }
    }

    /** One page of a whole view: its slice of rows. */
    record Slice(int page, int size, int total) {
        static Slice of(Map<String, String> query, int total, int fallback, int max) {
            return new Slice(PageParameters.page(query), PageParameters.size(query, fallback, max), total);
        }

        int pages() {
            return Math.max(1, (total + size - 1) / size);
        }

        <T> List<T> of(List<T> all) {
            int from = (int) Math.min(all.size(), (long) (page - 1) * size);
            return all.subList(from, (int) Math.min(all.size(), (long) from + size));
        }
    }

    /** The view with only this page's components; the fleet's counts and trend stay whole. */
    private static ComponentsView page(ComponentsView v, Slice s) {
        return new ComponentsView(v.environment(), v.environments(), v.generatedAt(), v.hosts(), v.components(),
                v.installations(), v.outOfPolicy(), v.patchLevel(), s.of(v.items()), v.trend(), v.scanData());
    }

    /** @param page the view holding only this page's items (serialising the whole view cost more than the page) */
    private static Response json(Object page, Slice s) {
        ObjectNode out = Json.mapper().valueToTree(page);
        // the view's own fields first, then where this page is, then its items (the shape clients already read)
        com.fasterxml.jackson.databind.JsonNode items = out.remove("items");
        out.put("page", s.page());
        out.put("size", s.size());
        out.put("total", s.total());
        out.put("pages", s.pages());
        out.put("more", s.page() < s.pages());
        out.set("items", items);
        return Response.json(out);
    }

    private String pager(String path, String env, Slice s, String what) {
        long first = (long) (s.page() - 1) * s.size() + 1;
        long last = Math.min(s.total(), (long) s.page() * s.size());
        String shown = first > s.total() ? "no " + what + " on page " + s.page() + " (" + s.total() + " in all)"
                : what + " " + first + "–" + last + " of " + s.total();
        return "<div class=\"meta\" id=\"overview-page\">" + shown + "</div>" + DetailPager.links(base + path, env, s.page(), s.pages());
    }
}
