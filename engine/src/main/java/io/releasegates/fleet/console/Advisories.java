package io.releasegates.fleet.console;

import io.releasegates.fleet.KnownVulnerability;
import io.releasegates.fleet.ScannedVersion;
import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.VulnerabilityIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The advisory page: which hosts run a version the advisory affects, with the version and the versions that fix it.
 * Hosts keep their package sets as one snapshot per host (migration 4); the affected hosts come from the store's
 * version-to-hosts index while it is current (else one pass over the snapshots), like the component page's hosts; the
 * page then shows one slice of them.
 */
public final class Advisories {
    private static final Set<String> PARAMETERS = Set.of("page", "size", "environment");
    private final FleetStore store;

    Advisories(FleetStore store) {
        this.store = store;
    }

    public record Version(String purl, String component, String version, String severity, Double cvssScore,
                          List<String> fixedIn, long machines) {
        public Version {
            fixedIn = List.copyOf(fixedIn);
        }
    }

    public record Host(String host, String environment, String role, String purl, String component, String version,
                       String fixedIn) {
    }

    /** @param hosts every affected host (of the environment); {@code items} is the requested page of them */
    public record Detail(String advisory, List<String> aliases, String severity, String environment, List<Version> versions,
                         long hosts, int page, int size, int pages, List<Host> items) {
        public Detail {
            aliases = List.copyOf(aliases);
            versions = List.copyOf(versions);
            items = List.copyOf(items);
        }
    }

    private record Affected(Catalog.Component component, Catalog.Version version, KnownVulnerability fact) {
    }

    Optional<Detail> detail(String id, Map<String, String> params) {
        for (String key : params.keySet()) {
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for an advisory (known: page, size, environment)");
            }
        }
        int size = PageParameters.size(params, ListQuery.DEFAULT_SIZE, PageParameters.MAX_PAGE);
        int page = PageParameters.page(params);
        if (size > ListQuery.MAX_SIZE) {
            throw new IllegalArgumentException("size=" + size + ": between 1 and " + ListQuery.MAX_SIZE);
        }
        String environment = params.get("environment") == null || params.get("environment").isBlank() ? null : params.get("environment");
        // only the versions this advisory affects: the loop below finds the same ones as over every scan fact
        VulnerabilityIndex index = store.versionsAffectedBy(id);
        Catalog catalog = store.catalog(index.keys());
        Map<Integer, Affected> affected = new HashMap<>();
        TreeSet<String> aliases = new TreeSet<>();
        io.releasegates.report.Severity severity = null;
        for (Catalog.Component c : catalog.components()) {
            for (Catalog.Version v : catalog.versionsOf(c.id())) {
                ScannedVersion s = index.isEmpty() ? null : index.lookup(c.key(), v.version()).orElse(null);
                if (s == null) {
                    continue;
                }
                for (KnownVulnerability k : s.vulnerabilities()) {
                    if (k.advisory().equals(id)) {
                        affected.put(v.id(), new Affected(c, v, k));
                        aliases.addAll(k.aliases());
                        severity = severity == null || k.severity().compareTo(severity) > 0 ? k.severity() : severity;
                    }
                }
            }
        }
        if (affected.isEmpty()) {
            return Optional.empty();
        }
        int[] wanted = affected.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        // the store answers from its version-to-hosts index when that is current, else from every snapshot
        List<FleetStore.Installation> installations = store.versionInstallations(wanted, environment);
        Map<Integer, FleetStore.HostRow> hosts = new HashMap<>();
        // the rows of the affected hosts only, not of the whole fleet
        for (FleetStore.HostRow h : store.hostsById(installations.stream().mapToInt(FleetStore.Installation::hostId).toArray())) {
            if (environment == null || environment.equals(h.environment())) {
                hosts.put(h.id(), h);
            }
        }
        List<Host> rows = new ArrayList<>();
        Map<Integer, Long> machines = new HashMap<>();
        for (FleetStore.Installation i : installations) {
            FleetStore.HostRow h = hosts.get(i.hostId());
            Affected a = affected.get(i.versionId());
            if (h == null || a == null) {
                continue;
            }
            machines.merge(i.versionId(), 1L, Long::sum);
            rows.add(new Host(h.name(), h.environment(), h.role(), a.component().key(), a.component().name(),
                    a.version().version(), String.join(", ", a.fact().fixedIn())));
        }
        rows.sort(Comparator.comparing(Host::host).thenComparing(Host::purl).thenComparing(Host::version));
        List<Version> versions = affected.values().stream()
                .map(a -> new Version(a.component().key(), a.component().name(), a.version().version(), a.fact().severity().label(),
                        a.fact().cvssScore(), a.fact().fixedIn(), machines.getOrDefault(a.version().id(), 0L)))
                .sorted(Comparator.comparing(Version::purl).thenComparing(Version::version)).toList();
        int pages = Math.max(1, (rows.size() + size - 1) / size);
        int from = Math.min(rows.size(), (page - 1) * size);
        return Optional.of(new Detail(id, List.copyOf(aliases), severity.label(), environment, versions, rows.size(), page, size, pages,
                rows.subList(from, Math.min(rows.size(), from + size))));
    }

}
