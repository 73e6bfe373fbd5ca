package io.releasegates.fleet.view;

import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStore.HostRow;
import io.releasegates.fleet.store.FleetStore.Snapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import io.releasegates.version.Versions;

/** Builds {@link HostChanges} from a host's kept snapshots. */
public final class HostChangesView {
    private final FleetStore store;
    private final Clock clock;

    public HostChangesView(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<HostChanges> host(String name) {
        Optional<HostRow> row = store.host(name);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        HostRow h = row.get();
        // snapshots first: every version they name was committed to the dictionary before them, so the catalog
        // read after them knows it
        List<Snapshot> snapshots = store.hostHistory(h.id());
        Catalog catalog = store.catalog();
        List<HostChanges.Change> changes = new ArrayList<>();
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            Snapshot s = snapshots.get(i);
            changes.add(i == 0
                    ? new HostChanges.Change(s.from(), s.to(), s.versionIds().size(), true, List.of(), List.of(), List.of(), List.of())
                    : diff(catalog, snapshots.get(i - 1), s));
        }
        return Optional.of(new HostChanges(h.name(), h.environment(), h.role(), clock.instant(), changes));
    }

    private static HostChanges.Change diff(Catalog catalog, Snapshot before, Snapshot after) {
        Set<Integer> old = new HashSet<>(before.versionIds());
        Set<Integer> now = new HashSet<>(after.versionIds());
        // per component (ordered by key, so the lists come out sorted): versions gone and versions new
        Map<String, List<List<Catalog.Version>>> byComponent = new TreeMap<>();
        for (int id : before.versionIds()) {
            if (!now.contains(id)) {
                side(catalog, byComponent, id).get(0).add(catalog.version(id));
            }
        }
        for (int id : after.versionIds()) {
            if (!old.contains(id)) {
                side(catalog, byComponent, id).get(1).add(catalog.version(id));
            }
        }
        List<HostChanges.Move> upgraded = new ArrayList<>();
        List<HostChanges.Move> downgraded = new ArrayList<>();
        List<HostChanges.Version> added = new ArrayList<>();
        List<HostChanges.Version> removed = new ArrayList<>();
        for (List<List<Catalog.Version>> sides : byComponent.values()) {
            List<Catalog.Version> gone = sides.get(0);
            List<Catalog.Version> fresh = sides.get(1);
            Catalog.Component c = catalog.component((gone.isEmpty() ? fresh : gone).get(0).componentId());
            if (gone.size() == 1 && fresh.size() == 1) {
                String from = gone.get(0).version();
                String to = fresh.get(0).version();
                HostChanges.Move move = new HostChanges.Move(c.key(), c.name(), from, to);
                (Versions.order(c.type()).compare(to, from) >= 0 ? upgraded : downgraded).add(move);
                continue;
            }
            gone.stream().sorted(Comparator.comparing(Catalog.Version::version))
                    .forEach(v -> removed.add(new HostChanges.Version(c.key(), c.name(), v.version())));
            fresh.stream().sorted(Comparator.comparing(Catalog.Version::version))
                    .forEach(v -> added.add(new HostChanges.Version(c.key(), c.name(), v.version())));
        }
        return new HostChanges.Change(after.from(), after.to(), after.versionIds().size(), false, upgraded, downgraded,
                added, removed);
    }

    private static List<List<Catalog.Version>> side(Catalog catalog, Map<String, List<List<Catalog.Version>>> byComponent,
                                                    int versionId) {
        Catalog.Component c = catalog.component(catalog.version(versionId).componentId());
        return byComponent.computeIfAbsent(c.key(), k -> List.of(new ArrayList<>(), new ArrayList<>()));
    }
}
