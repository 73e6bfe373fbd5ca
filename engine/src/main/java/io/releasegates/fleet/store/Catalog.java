package io.releasegates.fleet.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.releasegates.version.Versions;

/** A read snapshot of the dictionary: components, their known versions in ecosystem order, first-seen moments. */
public final class Catalog {
    public record Component(int id, String key, String type, String name) {
    }

    public record Version(int id, int componentId, String version, Instant firstSeen, String source) {
    }

    private final Map<Integer, Component> components;
    private final Map<String, Component> byKey;
    private final Map<Integer, Version> versions;
    private final Map<Integer, List<Version>> ordered;
    private final Map<Integer, Integer> behind = new HashMap<>();
    private final Map<Integer, Instant> newerSince = new HashMap<>();

    public Catalog(List<Component> components, List<Version> versions) {
        Map<Integer, Component> c = new HashMap<>();
        Map<String, Component> k = new HashMap<>();
        for (Component comp : components) {
            c.put(comp.id(), comp);
            k.put(comp.key(), comp);
        }
        Map<Integer, Version> v = new HashMap<>();
        Map<Integer, List<Version>> o = new HashMap<>();
        for (Version ver : versions) {
            v.put(ver.id(), ver);
            o.computeIfAbsent(ver.componentId(), x -> new ArrayList<>()).add(ver);
        }
        for (Map.Entry<Integer, List<Version>> e : o.entrySet()) {
            Component comp = c.get(e.getKey());
            Comparator<String> order = Versions.order(comp == null ? "" : comp.type());
            List<Version> sorted = e.getValue();
            sorted.sort(Comparator.comparing(Version::version, order).thenComparing(Version::version));
            e.setValue(Collections.unmodifiableList(sorted));
            // one pass from the newest down: how many strictly newer versions, and since when the first of them
            int newer = 0;
            Instant since = null;
            int i = sorted.size() - 1;
            while (i >= 0) {
                int j = i;
                while (j > 0 && order.compare(sorted.get(j - 1).version(), sorted.get(i).version()) == 0) {
                    j--;
                }
                for (int m = j; m <= i; m++) {
                    behind.put(sorted.get(m).id(), newer);
                    if (since != null) {
                        newerSince.put(sorted.get(m).id(), since);
                    }
                }
                for (int m = j; m <= i; m++) {
                    Instant seen = sorted.get(m).firstSeen();
                    since = since == null || seen.isBefore(since) ? seen : since;
                }
                newer += i - j + 1;
                i = j - 1;
            }
        }
        this.components = Collections.unmodifiableMap(c);
        this.byKey = Collections.unmodifiableMap(k);
        this.versions = Collections.unmodifiableMap(v);
        this.ordered = Collections.unmodifiableMap(o);
    }

    public Component component(int id) {
        return components.get(id);
    }

    public Optional<Component> component(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public Version version(int id) {
        return versions.get(id);
    }

    public Iterable<Component> components() {
        return components.values();
    }

    /** Oldest first. */
    public List<Version> versionsOf(int componentId) {
        return ordered.getOrDefault(componentId, List.of());
    }

    public Version newest(int componentId) {
        List<Version> all = versionsOf(componentId);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** How many known versions are strictly newer. */
    public int versionsBehind(Version v) {
        return behind.getOrDefault(v.id(), 0);
    }

    /** When the first version newer than {@code v} appeared: the moment the cadence clock started (null: none). */
    public Instant newerSince(Version v) {
        return newerSince.get(v.id());
    }

    public int size() {
        return versions.size();
    }
}
