package io.releasegates.fleet.console;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.Compliance;
import io.releasegates.fleet.KnownVulnerability;
import io.releasegates.fleet.ScannedVersion;
import io.releasegates.fleet.Tier;
import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.ConsoleTables;
import io.releasegates.fleet.store.ConsoleTables.AdvisoryStatus;
import io.releasegates.fleet.store.ConsoleTables.ComponentStatus;
import io.releasegates.fleet.store.ConsoleTables.DayRow;
import io.releasegates.fleet.store.ConsoleTables.HostStatus;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.VulnerabilityIndex;
import io.releasegates.fleet.view.FleetViews;
import io.releasegates.fleet.view.ViewModel.ComponentStat;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.HostStat;
import io.releasegates.fleet.view.ViewModel.HostsView;
import io.releasegates.fleet.view.ViewModel.TrendPoint;
import io.releasegates.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Works out the status tables from the dashboard's own views, so that a list row says exactly what the component or
 * host page says: components per environment and over all ({@link FleetViews#components}), hosts
 * ({@link FleetViews#hosts}), and advisories from the imported scan facts with the distinct machines running an
 * affected version (one pass over the current snapshots). Runs off the request path: about as long as the hosts view.
 */
final class ConsoleRefresh {
    /** The environment key of the rows over all environments. */
    static final String ALL = "";

    private final FleetStore store;
    private final FleetViews views;
    private final CadencePolicy policy;
    private final WholeViews whole;

    ConsoleRefresh(FleetStore store, FleetViews views, CadencePolicy policy, WholeViews whole) {
        this.store = store;
        this.views = views;
        this.policy = policy;
        this.whole = whole;
    }

    ConsoleTables.Snapshot compute(Instant now, String fingerprint) {
        Catalog catalog = store.catalog();
        List<String> environments = store.environments();
        Map<String, Map<Integer, Long>> overdue = overdue(catalog, now);
        List<ComponentStatus> components = new ArrayList<>();
        List<DayRow> days = new ArrayList<>();
        Map<String, Double> patchLevels = new HashMap<>();
        List<String> scopes = new ArrayList<>();
        scopes.add(ALL);
        scopes.addAll(environments);
        Map<String, ComponentsView> componentViews = new HashMap<>();
        for (String scope : scopes) {
            ComponentsView v = views.components(scope.equals(ALL) ? null : scope);
            componentViews.put(scope, v);
            Map<Integer, Long> late = overdue.getOrDefault(scope, Map.of());
            for (ComponentStat c : v.items()) {
                catalog.component(c.purl()).ifPresent(comp -> components.add(new ComponentStatus(scope, comp.id(), c.machines(),
                        c.newest(), c.lagVersions(), c.lagDays(), c.tier(), c.compliance(), c.outOfPolicy(), late.get(comp.id()),
                        c.vulnerableMachines(), rank(c.highestSeverity()))));
            }
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            for (TrendPoint p : v.trend()) {
                if (!p.day().equals(today)) {
                    days.add(new DayRow(p.day(), scope, p.hosts(), p.patchLevel(), null));
                }
            }
            patchLevels.put(scope, v.patchLevel());
        }
        Map<String, Integer> hostIds = new HashMap<>();
        store.hosts(null).forEach(h -> hostIds.put(h.name(), h.id()));
        HostsView hosts = views.hosts(null);
        List<HostStatus> hostRows = new ArrayList<>();
        Map<String, int[]> perScope = new HashMap<>();
        for (HostStat h : hosts.items()) {
            Integer id = hostIds.get(h.name());
            if (id == null) {
                continue;
            }
            var vulns = h.vulnerabilities();
            int rank = vulns == null ? 0 : rank(vulns.highest());
            hostRows.add(new HostStatus(id, h.upToDate(), h.patchLevel(), h.outOfPolicy(),
                    vulns == null ? null : vulns.vulnerablePackages(), rank, vulns == null ? "no-scan-data" : vulns.status()));
            for (String scope : List.of(ALL, h.environment())) {
                int[] n = perScope.computeIfAbsent(scope, k -> new int[2]);
                n[0]++;
                n[1] += rank >= Severity.HIGH.ordinal() + 1 ? 1 : 0;
            }
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (String scope : scopes) {
            int[] n = perScope.getOrDefault(scope, new int[2]);
            if (n[0] > 0) {
                days.add(new DayRow(today, scope, n[0], patchLevels.getOrDefault(scope, 100.0),
                        hosts.hasScanData() ? n[1] : null));
            }
        }
        // the same views answer /api/components, /api/hosts and /overview until the data changes
        whole.put(fingerprint, now, componentViews, hosts);
        return new ConsoleTables.Snapshot(now, fingerprint, hostRows, components, advisories(catalog, scopes), days);
    }

    static int rank(String severity) {
        return severity == null ? ConsoleTables.NO_SEVERITY : Severity.parse(severity).ordinal() + 1;
    }

    /**
     * Per environment and component: the most days any running version is past its cadence deadline (the newer
     * version's first sighting plus the tier's allowance, or the day after the agreed date of a direct component).
     */
    private Map<String, Map<Integer, Long>> overdue(Catalog catalog, Instant now) {
        Map<String, Map<Integer, Long>> out = new HashMap<>();
        for (FleetStore.VersionCount vc : store.versionCounts(null)) {
            Catalog.Version v = catalog.version(vc.versionId());
            Instant since = v == null ? null : catalog.newerSince(v);
            if (since == null) {
                continue;
            }
            Catalog.Component c = catalog.component(v.componentId());
            CadencePolicy.Assignment a = policy.assign(c.key(), c.type(), c.name(), vc.role(), vc.environment());
            if (CadencePolicy.judge(a, since, now) != Compliance.OUT_OF_POLICY) {
                continue;
            }
            Instant deadline = a.tier() == Tier.DIRECT ? a.agreedDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : since.plus(a.tier().allowance());
            long days = Math.max(0, Duration.between(deadline, now).toDays());
            for (String scope : List.of(ALL, vc.environment())) {
                out.computeIfAbsent(scope, k -> new HashMap<>()).merge(c.id(), days, Math::max);
            }
        }
        return out;
    }

    /** One advisory as the scan facts state it, over every fleet version it affects. */
    private static final class Facts {
        final String id;
        final int index;
        final TreeSet<String> aliases = new TreeSet<>();
        final TreeSet<String> fixedIn = new TreeSet<>();
        final TreeSet<Integer> components = new TreeSet<>();
        int versions;
        Severity severity = Severity.INFO;
        Double cvss;
        Instant firstSeen;

        Facts(String id, int index) {
            this.id = id;
            this.index = index;
        }
    }

    private List<AdvisoryStatus> advisories(Catalog catalog, List<String> scopes) {
        VulnerabilityIndex index = store.vulnerabilities();
        if (index.isEmpty()) {
            return List.of();
        }
        Map<String, Facts> facts = new HashMap<>();
        Map<Integer, int[]> advisoriesOf = new HashMap<>();
        List<Facts> ordered = new ArrayList<>();
        for (Catalog.Component c : catalog.components()) {
            for (Catalog.Version v : catalog.versionsOf(c.id())) {
                ScannedVersion s = index.lookup(c.key(), v.version()).orElse(null);
                if (s == null || s.vulnerabilities().isEmpty()) {
                    continue;
                }
                int[] ids = new int[s.vulnerabilities().size()];
                int i = 0;
                for (KnownVulnerability k : s.vulnerabilities()) {
                    Facts f = facts.computeIfAbsent(k.advisory(), id -> {
                        Facts n = new Facts(id, ordered.size());
                        ordered.add(n);
                        return n;
                    });
                    f.aliases.addAll(k.aliases());
                    f.fixedIn.addAll(k.fixedIn());
                    f.components.add(c.id());
                    f.versions++;
                    f.severity = k.severity().compareTo(f.severity) > 0 ? k.severity() : f.severity;
                    if (k.cvssScore() != null && (f.cvss == null || k.cvssScore() > f.cvss)) {
                        f.cvss = k.cvssScore();
                    }
                    if (k.firstSeen() != null && (f.firstSeen == null || k.firstSeen().isBefore(f.firstSeen))) {
                        f.firstSeen = k.firstSeen();
                    }
                    ids[i++] = f.index;
                }
                advisoriesOf.put(v.id(), ids);
            }
        }
        Map<String, long[]> machines = machines(advisoriesOf, ordered.size(), scopes);
        List<AdvisoryStatus> out = new ArrayList<>();
        for (String scope : scopes) {
            long[] counts = machines.get(scope);
            for (int i = 0; i < ordered.size(); i++) {
                Facts f = ordered.get(i);
                out.add(new AdvisoryStatus(scope, f.id, String.join(", ", f.aliases), f.severity.ordinal() + 1, f.cvss,
                        f.components.size(), f.versions, counts[i], String.join(", ", f.fixedIn), f.firstSeen));
            }
        }
        return out;
    }

    /** Distinct machines per advisory and environment: a host running two affected versions counts once. */
    private Map<String, long[]> machines(Map<Integer, int[]> advisoriesOf, int advisories, List<String> scopes) {
        Map<String, long[]> out = new HashMap<>();
        scopes.forEach(s -> out.put(s, new long[advisories]));
        Map<Integer, String> environmentOf = new HashMap<>();
        store.hosts(null).forEach(h -> environmentOf.put(h.id(), h.environment()));
        int[] lastHost = new int[advisories];
        Arrays.fill(lastHost, -1);
        store.forEachHost(null, (hostId, versionIds) -> {
            long[] all = out.get(ALL);
            long[] env = out.get(environmentOf.get(hostId));
            for (int versionId : versionIds) {
                int[] ids = advisoriesOf.get(versionId);
                if (ids == null) {
                    continue;
                }
                for (int a : ids) {
                    if (lastHost[a] != hostId) {
                        lastHost[a] = hostId;
                        all[a]++;
                        if (env != null) {
                            env[a]++;
                        }
                    }
                }
            }
        });
        return out;
    }
}
