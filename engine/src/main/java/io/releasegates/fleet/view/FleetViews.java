package io.releasegates.fleet.view;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.Compliance;
import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStore.HostRow;
import io.releasegates.fleet.view.ViewModel.ComponentDetail;
import io.releasegates.fleet.view.ViewModel.ComponentStat;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.HostDetail;
import io.releasegates.fleet.view.ViewModel.HostPackage;
import io.releasegates.fleet.view.ViewModel.HostStat;
import io.releasegates.fleet.view.ViewModel.HostVersion;
import io.releasegates.fleet.view.ViewModel.HostsView;
import io.releasegates.fleet.view.ViewModel.VersionStat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Computes the views from the store: machine counts from the counters (no scan of installations for the component
 * view), newest versions and lag from the catalog, cadence verdicts from the policy.
 */
public final class FleetViews {
    private final FleetStore store;
    private final CadencePolicy policy;
    private final Clock clock;

    public FleetViews(FleetStore store, CadencePolicy policy, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    /** A verdict depends on the version and the host's segment; a record key builds no string per installation. */
    private record VerdictKey(int versionId, String environment, String role) {
    }

    private record AssignmentKey(int componentId, String role, String environment) {
    }

    /** Per-request context: one catalog read and memoised verdicts and tier assignments. */
    private final class Ctx {
        final Catalog catalog;
        final Instant now = clock.instant();
        final Map<VerdictKey, Compliance> verdicts = new HashMap<>();
        final Map<AssignmentKey, CadencePolicy.Assignment> assignments = new HashMap<>();

        Ctx() {
            this(store.catalog());
        }

        /** @param catalog the whole dictionary, or (a detail page) the part of it the page's components need */
        Ctx(Catalog catalog) {
            this.catalog = catalog;
        }

        Instant newerSince(Catalog.Version v) {
            return catalog.newerSince(v);
        }

        CadencePolicy.Assignment assignment(Catalog.Component c, String role, String env) {
            // the policy walks its rules per call; a component's page asks once per host, for a handful of segments
            return assignments.computeIfAbsent(new AssignmentKey(c.id(), role, env),
                    k -> policy.assign(c.key(), c.type(), c.name(), role, env));
        }

        Compliance verdict(Catalog.Version v, String env, String role) {
            return verdicts.computeIfAbsent(new VerdictKey(v.id(), env, role), k -> {
                Catalog.Component c = catalog.component(v.componentId());
                return CadencePolicy.judge(assignment(c, role, env), newerSince(v), now);
            });
        }

        int versionsBehind(Catalog.Version v) {
            return catalog.versionsBehind(v);
        }

        long daysBehind(Catalog.Version v) {
            Instant since = newerSince(v);
            return since == null ? 0 : Math.max(0, Duration.between(since, now).toDays());
        }
    }

    public ComponentsView components(String environment) {
        Ctx ctx = new Ctx();
        Map<Integer, Long> machines = store.componentMachines(environment);
        Map<Integer, List<FleetStore.VersionCount>> countsByComponent = new HashMap<>();
        for (FleetStore.VersionCount vc : store.versionCounts(environment)) {
            Catalog.Version v = ctx.catalog.version(vc.versionId());
            if (v != null) {
                countsByComponent.computeIfAbsent(v.componentId(), k -> new ArrayList<>()).add(vc);
            }
        }
        List<ComponentStat> items = new ArrayList<>();
        long installs = 0;
        long newestInstalls = 0;
        long outOfPolicy = 0;
        for (Map.Entry<Integer, List<FleetStore.VersionCount>> e : countsByComponent.entrySet()) {
            ComponentStat stat = componentStat(ctx, e.getKey(), e.getValue(), machines.getOrDefault(e.getKey(), 0L));
            items.add(stat);
            for (VersionStat vs : stat.versions()) {
                installs += vs.machines();
                newestInstalls += vs.newest() ? vs.machines() : 0;
            }
            outOfPolicy += stat.outOfPolicy();
        }
        items.sort(Comparator.comparing(ComponentStat::name).thenComparing(ComponentStat::purl));
        VulnerabilityJoin vulnerabilities = new VulnerabilityJoin(store, ctx.catalog, environment);
        items = vulnerabilities.apply(items);
        List<HostRow> hosts = store.hosts(environment);
        return new ComponentsView(environment, store.environments(), ctx.now, hosts.size(), items.size(), installs,
                outOfPolicy, ViewModel.percent(newestInstalls, installs), items, Trend.compute(store.reports(environment), ctx.now))
                .withScanData(vulnerabilities.scanData());
    }

    private ComponentStat componentStat(Ctx ctx, int componentId, List<FleetStore.VersionCount> counts, long machines) {
        Catalog.Component comp = ctx.catalog.component(componentId);
        Catalog.Version newest = ctx.catalog.newest(componentId);
        Map<Integer, long[]> perVersion = new HashMap<>();
        Map<Integer, Compliance> worstPerVersion = new HashMap<>();
        TreeSet<String> tiers = new TreeSet<>();
        for (FleetStore.VersionCount vc : counts) {
            Catalog.Version v = ctx.catalog.version(vc.versionId());
            Compliance verdict = ctx.verdict(v, vc.environment(), vc.role());
            tiers.add(ctx.assignment(comp, vc.role(), vc.environment()).tier().label());
            long[] n = perVersion.computeIfAbsent(v.id(), k -> new long[2]);
            n[0] += vc.hosts();
            n[1] += verdict.outOfPolicy() ? vc.hosts() : 0;
            worstPerVersion.merge(v.id(), verdict, FleetViews::worse);
        }
        List<VersionStat> versions = new ArrayList<>();
        int lagVersions = 0;
        long lagDays = 0;
        long out = 0;
        Compliance worst = Compliance.CURRENT;
        for (Catalog.Version v : ctx.catalog.versionsOf(componentId)) {
            long[] n = perVersion.get(v.id());
            if (n == null) {
                continue;
            }
            int behind = ctx.versionsBehind(v);
            long days = ctx.daysBehind(v);
            Compliance verdict = worstPerVersion.get(v.id());
            versions.add(new VersionStat(v.version(), n[0], v.equals(newest), behind, days, v.firstSeen(), n[1], verdict.label()));
            lagVersions = Math.max(lagVersions, behind);
            lagDays = Math.max(lagDays, days);
            out += n[1];
            worst = worse(worst, verdict);
        }
        versions.sort(Comparator.comparingInt(VersionStat::versionsBehind));
        return new ComponentStat(comp.key(), comp.type(), comp.name(), machines, newest == null ? "" : newest.version(),
                lagVersions, lagDays, tiers.size() == 1 ? tiers.first() : "mixed", out, worst.label(), versions);
    }

    private static Compliance worse(Compliance a, Compliance b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(Compliance c) {
        return switch (c) {
            case CURRENT -> 0;
            case WITHIN_POLICY -> 1;
            case NO_AGREED_DATE -> 2;
            case OUT_OF_POLICY -> 3;
        };
    }

    public Optional<ComponentDetail> component(String key, String environment) {
        // this component's part of the dictionary and the hosts that run it, not the whole fleet's: same rows, less read
        Ctx ctx = new Ctx(store.catalog(List.of(key)));
        Optional<Catalog.Component> comp = ctx.catalog.component(key);
        if (comp.isEmpty()) {
            return Optional.empty();
        }
        List<FleetStore.Installation> installations = store.componentInstallations(comp.get().id(), environment);
        Map<Integer, HostRow> hosts = new HashMap<>();
        for (HostRow h : store.hostsById(installations.stream().mapToInt(FleetStore.Installation::hostId).toArray())) {
            if (environment == null || environment.equals(h.environment())) {
                hosts.put(h.id(), h);
            }
        }
        List<HostVersion> rows = new ArrayList<>();
        Map<String, FleetStore.VersionCount> counts = new HashMap<>();
        for (FleetStore.Installation i : installations) {
            HostRow h = hosts.get(i.hostId());
            Catalog.Version v = ctx.catalog.version(i.versionId());
            if (h == null || v == null) {
                continue;
            }
            Compliance verdict = ctx.verdict(v, h.environment(), h.role());
            rows.add(new HostVersion(h.name(), h.environment(), h.role(), v.version(),
                    ctx.assignment(comp.get(), h.role(), h.environment()).tier().label(), verdict.label()));
            counts.merge(v.id() + "\u0000" + h.environment() + "\u0000" + h.role(),
                    new FleetStore.VersionCount(v.id(), h.environment(), h.role(), 1),
                    (a, b) -> new FleetStore.VersionCount(a.versionId(), a.environment(), a.role(), a.hosts() + b.hosts()));
        }
        rows.sort(Comparator.comparing(HostVersion::host).thenComparing(HostVersion::version));
        long machines = rows.stream().map(HostVersion::host).distinct().count();
        VulnerabilityJoin vulnerabilities = VulnerabilityJoin.forComponent(store, ctx.catalog, environment, comp.get().key());
        // distinct machines on its vulnerable versions: counted from the installations just read, as the store would
        ComponentStat stat = vulnerabilities.apply(componentStat(ctx, comp.get().id(), List.copyOf(counts.values()), machines),
                several -> distinctHosts(several, installations, hosts));
        return Optional.of(new ComponentDetail(environment, stat, rows).withScanData(vulnerabilities.scanData()));
    }

    private static Map<Integer, Long> distinctHosts(Map<Integer, java.util.Set<Integer>> versionsByComponent,
                                                    List<FleetStore.Installation> installations, Map<Integer, HostRow> hosts) {
        Map<Integer, Long> out = new HashMap<>();
        versionsByComponent.forEach((component, versions) -> {
            long n = installations.stream().filter(i -> hosts.containsKey(i.hostId()) && versions.contains(i.versionId()))
                    .mapToInt(FleetStore.Installation::hostId).distinct().count();
            if (n > 0) {
                out.put(component, n);
            }
        });
        return out;
    }

    // a host's tally: its packages, those at the newest version, those out of policy, then HostExposure's counters
    private static final int PACKAGES = 0;
    private static final int UP_TO_DATE = 1;
    private static final int OUT_OF_POLICY = 2;
    private static final int EXPOSURE = 3;
    private static final int TALLY = EXPOSURE + HostExposure.SLOTS;

    public HostsView hosts(String environment) {
        Ctx ctx = new Ctx();
        HostExposure exposure = new HostExposure(store.vulnerabilities(), ctx.catalog);
        Map<Integer, HostRow> hosts = new HashMap<>();
        for (HostRow h : store.hosts(environment)) {
            hosts.put(h.id(), h);
        }
        Map<Integer, int[]> tally = new HashMap<>();
        store.forEachHost(environment, (hostId, versionIds) -> {
            HostRow h = hosts.get(hostId);
            if (h == null) {
                return;
            }
            int[] t = new int[TALLY];
            tally.put(hostId, t);
            for (int versionId : versionIds) {
                Catalog.Version v = ctx.catalog.version(versionId);
                if (v == null) {
                    continue;
                }
                t[PACKAGES]++;
                if (v.equals(ctx.catalog.newest(v.componentId()))) {
                    t[UP_TO_DATE]++;
                }
                if (ctx.verdict(v, h.environment(), h.role()).outOfPolicy()) {
                    t[OUT_OF_POLICY]++;
                }
                exposure.count(t, EXPOSURE, versionId);
            }
        });
        List<HostStat> items = hosts.values().stream()
                .map(h -> hostStat(h, tally.getOrDefault(h.id(), new int[TALLY]), exposure))
                .sorted(Comparator.comparing(HostStat::name)).toList();
        return new HostsView(environment, store.environments(), ctx.now, items).withScanData(exposure.scanData());
    }

    private static HostStat hostStat(HostRow h, int[] t, HostExposure exposure) {
        return new HostStat(h.name(), h.environment(), h.role(), h.lastReportAt(), t[PACKAGES], t[UP_TO_DATE],
                ViewModel.percent(t[UP_TO_DATE], t[PACKAGES]), t[OUT_OF_POLICY], exposure.summary(t, EXPOSURE));
    }

    public Optional<HostDetail> host(String name) {
        Optional<HostRow> row = store.host(name);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Ctx ctx = new Ctx();
        HostExposure exposure = new HostExposure(store.vulnerabilities(), ctx.catalog);
        HostRow h = row.get();
        List<HostPackage> packages = new ArrayList<>();
        int[] t = new int[TALLY];
        for (int versionId : store.hostVersions(h.id())) {
            Catalog.Version v = ctx.catalog.version(versionId);
            if (v == null) {
                continue;
            }
            Catalog.Component c = ctx.catalog.component(v.componentId());
            Catalog.Version newest = ctx.catalog.newest(c.id());
            Compliance verdict = ctx.verdict(v, h.environment(), h.role());
            packages.add(new HostPackage(c.key(), c.type(), c.name(), v.version(), newest.version(), ctx.versionsBehind(v),
                    ctx.daysBehind(v), ctx.assignment(c, h.role(), h.environment()).tier().label(), verdict.label(),
                    exposure.of(v).orElse(null)));
            t[PACKAGES]++;
            t[UP_TO_DATE] += v.equals(newest) ? 1 : 0;
            t[OUT_OF_POLICY] += verdict.outOfPolicy() ? 1 : 0;
            exposure.count(t, EXPOSURE, versionId);
        }
        packages.sort(Comparator.comparing(HostPackage::name).thenComparing(HostPackage::purl).thenComparing(HostPackage::version));
        return Optional.of(new HostDetail(hostStat(h, t, exposure), packages, exposure.scanData() ? Boolean.TRUE : null));
    }
}
