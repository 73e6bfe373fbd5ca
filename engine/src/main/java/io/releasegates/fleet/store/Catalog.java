package io.releasegates.fleet.store;

import io.releasegates.fleet.VersionOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
            Comparator<String> order = VersionOrder.forType(comp == null ? "" : comp.type());
            e.getValue().sort(Comparator.comparing(Version::version, order).thenComparing(Version::version));
            e.setValue(Collections.unmodifiableList(e.getValue()));
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

    /** Versions ordered after this one. */
    public List<Version> newerThan(Version v) {
        List<Version> all = versionsOf(v.componentId());
        int at = all.indexOf(v);
        return at < 0 ? List.of() : all.subList(at + 1, all.size()).stream()
                .filter(n -> VersionOrder.forType(component(v.componentId()).type()).compare(n.version(), v.version()) > 0)
                .toList();
    }

    /** When the first version newer than {@code v} appeared: the moment the cadence clock started. */
    public Instant newerSince(Version v) {
        return newerThan(v).stream().map(Version::firstSeen).min(Comparator.naturalOrder()).orElse(null);
    }

    public int size() {
        return versions.size();
    }
}
