package io.releasegates.fleet.console;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.store.ConsoleTables;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.view.FleetViews;
import io.releasegates.fleet.view.ViewModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operations console: the home page's "needs attention" panels, the paged lists and the trend, read from the
 * status tables that {@link #refresh} writes. A request never waits for a refresh except the very first one: when the
 * data changed (a report, a scan, a new version) and the last refresh is older than {@link #REFRESH_EVERY}, one runs
 * on a background thread and the pages say when their figures were worked out. Cadence verdicts also move with the
 * clock alone, so the tables are refreshed at least every {@link #REFRESH_AT_LEAST}.
 */
public final class Console {
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofDays(2);
    static final Duration REFRESH_EVERY = Duration.ofSeconds(30);
    static final Duration REFRESH_AT_LEAST = Duration.ofMinutes(15);
    public static final int TREND_DAYS = 90;

    private final FleetStore store;
    private final ConsoleTables tables;
    private final ConsoleRefresh refresher;
    private final Clock clock;
    private final Duration staleAfter;
    private final List<AttentionPanel> panels = new CopyOnWriteArrayList<>(BuiltInPanels.all());
    private final Map<String, ListSpec> lists = new java.util.concurrent.ConcurrentHashMap<>();
    private final WholeViews whole = new WholeViews();
    private final FleetViews views;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fleet-console-refresh");
        t.setDaemon(true);
        return t;
    });

    public Console(FleetStore store, FleetViews views, CadencePolicy policy, Clock clock, Duration staleAfter) {
        this.store = store;
        this.tables = store.console();
        this.views = views;
        this.refresher = new ConsoleRefresh(store, views, policy, whole);
        this.clock = clock;
        this.staleAfter = staleAfter;
        addList(ConsoleLists.hosts(clock));
        addList(ConsoleLists.components());
        addList(ConsoleLists.advisories());
        addList(MonitorLists.events(clock));
        addList(MonitorLists.releases());
        addList(MonitorLists.alerts());
    }

    /** Adds a panel after the built-in ones (other console work: events, alerts). */
    public void addPanel(AttentionPanel panel) {
        panels.add(panel);
    }

    /** Registers a list: it is served at {@code /NAME}, {@code /api/list/NAME} and {@code /export/list/NAME.csv}. */
    public void addList(ListSpec spec) {
        lists.put(spec.name(), spec);
    }

    public Optional<ListSpec> list(String name) {
        return Optional.ofNullable(lists.get(name));
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /**
     * Works the status tables out now, on the caller's thread; one refresh at a time. Then the store's
     * version-to-hosts index, which the component, advisory and vulnerable-machine answers use while it is current.
     */
    public synchronized void refresh() {
        String fingerprint = tables.fingerprint();
        tables.replace(refresher.compute(clock.instant(), fingerprint));
        store.refreshVersionHosts();
    }

    /** The first request refreshes in line; later ones start a background refresh when the data or the day moved on. */
    void ensureFresh() {
        Optional<ConsoleTables.State> state = tables.state();
        if (state.isEmpty()) {
            refresh();
            return;
        }
        Instant now = clock.instant();
        Instant at = state.get().refreshedAt();
        if (Duration.between(at, now).compareTo(REFRESH_EVERY) < 0) {
            return;
        }
        boolean due = Duration.between(at, now).compareTo(REFRESH_AT_LEAST) > 0
                || !LocalDate.ofInstant(at, ZoneOffset.UTC).equals(LocalDate.ofInstant(now, ZoneOffset.UTC))
                || !tables.fingerprint().equals(state.get().fingerprint());
        if (due && refreshing.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    // the pages keep showing the previous figures with their time; the next request tries again
                    if (System.getenv("RELEASE_GATES_DEBUG") != null) {
                        e.printStackTrace();
                    }
                } finally {
                    refreshing.set(false);
                }
            });
        }
    }

    public Instant refreshedAt() {
        return tables.state().map(ConsoleTables.State::refreshedAt).orElse(null);
    }

    /** One page of a list; the parameters are validated first (IllegalArgumentException: a 400). */
    public ListResult page(ListSpec spec, Map<String, String> params) {
        ListQuery q = ListQuery.parse(spec, params);
        ensureFresh();
        ListQuery.Sql sql = q.sql();
        // H2: a prefix search counted and read over its keys' index ranges (ListQuery.keyRanges)
        ListQuery.Sql counted = (tables.ordersByCodeUnit() ? q.keyRanges() : Optional.<ListQuery.Sql>empty()).orElse(sql);
        long total = ((Number) tables.select(counted.count(), counted.countParams(), 1).get(0)[0]).longValue();
        // a bounded count that found its extra row: more match than were counted
        boolean more = total >= q.countLimit();
        // so many matches that the sort's index reaches the page's end soon; the ranges would sort them all
        ListQuery.Sql read = more ? sql : counted;
        return new ListResult(q, more ? q.countLimit() - 1 : total, more,
                tables.select(read.rows(), read.rowParams(), spec.columns().size()), refreshedAt());
    }

    /**
     * Every row of the filtered view in the list's order (for the CSV export), in one statement, each row handed to
     * {@code row} as it is read: reading it page by page re-counted and re-skipped the whole view for every 500 rows
     * (a 50,000-row events export took 99 s), and collecting the rows first held the whole view in memory.
     */
    public void export(ListSpec spec, Map<String, String> params, java.util.function.Consumer<Object[]> row) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.remove("page");
        p.remove("size");
        ListQuery q = ListQuery.parse(spec, p);
        ensureFresh();
        ListQuery.Sql sql = q.sql();
        List<Object> bound = new ArrayList<>(sql.rowParams());
        // the page's LIMIT and OFFSET are the last two values: every row, from the first
        bound.set(bound.size() - 2, Integer.MAX_VALUE);
        bound.set(bound.size() - 1, 0L);
        tables.forEach(sql.rows(), bound, spec.columns().size(), row);
    }

    /** The home page: per environment hosts and patch level, then every panel's counts. */
    public Home home() {
        ensureFresh();
        Instant now = clock.instant();
        List<String> environments = store.environments();
        Map<String, Long> hosts = new LinkedHashMap<>();
        long all = 0;
        for (Object[] r : tables.select("SELECT environment, COUNT(*) FROM fleet_host GROUP BY environment", List.of(), 2)) {
            hosts.put((String) r[0], ((Number) r[1]).longValue());
            all += ((Number) r[1]).longValue();
        }
        hosts.put(ConsoleRefresh.ALL, all);
        Map<String, Double> patch = new LinkedHashMap<>();
        for (Object[] r : tables.select("SELECT environment, patch_level FROM fleet_console_day d WHERE on_day ="
                + " (SELECT MAX(on_day) FROM fleet_console_day e WHERE e.environment = d.environment)", List.of(), 2)) {
            patch.put((String) r[0], ((Number) r[1]).doubleValue());
        }
        List<Home.Environment> rows = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        scopes.add(ConsoleRefresh.ALL);
        scopes.addAll(environments);
        for (String scope : scopes) {
            long n = hosts.getOrDefault(scope, 0L);
            // an empty fleet has no patch level: 100 % of nothing would read as "all patched"
            rows.add(new Home.Environment(scope, n, n == 0 ? null : patch.get(scope)));
        }
        AttentionPanel.Context context = new AttentionPanel.Context(store, tables, environments, now, staleAfter);
        List<Home.Panel> shown = new ArrayList<>();
        for (AttentionPanel p : panels) {
            shown.add(new Home.Panel(p.id(), p.title(), p.explanation(), p.counts(context)));
        }
        return new Home(refreshedAt(), staleAfter, rows, shown);
    }

    /** Patch level and vulnerable hosts per day over the last {@link #TREND_DAYS} days, for one environment or all. */
    public List<ConsoleTables.DayRow> trend(String environment) {
        ensureFresh();
        LocalDate from = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(TREND_DAYS - 1);
        return tables.days(from, environment == null ? ConsoleRefresh.ALL : environment);
    }

    /** Whether any scan was imported: without one the vulnerability columns and filters are left out. */
    public boolean hasScanData() {
        return ((Number) tables.select("SELECT COUNT(*) FROM fleet_vuln_scan", List.of(), 1).get(0)[0]).longValue() > 0;
    }

    public List<String> environments() {
        return store.environments();
    }

    /**
     * Every component of one environment (null: all) as {@code /api/components} and {@code /overview} show it: the
     * view the last refresh or request worked out while the data has not changed since ({@link WholeViews}).
     */
    public ViewModel.ComponentsView components(String environment) {
        String scope = environment == null ? ConsoleRefresh.ALL : environment;
        return whole.components(scope, tables.fingerprint(), clock.instant(), () -> views.components(environment));
    }

    /** Every host of one environment (null: all), from the kept view of all hosts while the data has not changed. */
    public ViewModel.HostsView hosts(String environment) {
        ViewModel.HostsView all = whole.hosts(tables.fingerprint(), clock.instant(), () -> views.hosts(null));
        if (environment == null) {
            return all;
        }
        // a host's figures do not depend on the other hosts: the environment's view is the all-hosts one filtered
        return new ViewModel.HostsView(environment, all.environments(), all.generatedAt(),
                all.items().stream().filter(h -> h.environment().equals(environment)).toList(), all.scanData());
    }

    /** Reading the advisory page: who runs an affected version (see {@link Advisories}). */
    public Optional<Advisories.Detail> advisory(String id, Map<String, String> params) {
        return new Advisories(store).detail(id, params);
    }
}
