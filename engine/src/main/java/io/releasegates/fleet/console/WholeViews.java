package io.releasegates.fleet.console;

import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.HostsView;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The whole-fleet views ({@code /api/hosts}, {@code /api/components}, {@code /overview}) as last worked out, kept
 * while the store's fingerprint (hosts, reports, versions, scans) still matches and for at most {@link #KEEP}: at
 * 10,000 hosts the hosts view reads all 10 million installed packages and took 30 s per request. The console's
 * refresh computes the same views for its status tables and leaves them here, so after a refresh these answers are
 * slices of a kept list. Any change to the data is seen at once: a different fingerprint computes the view again.
 * Cadence verdicts also move with the clock alone, hence the time limit (the console refreshes as often).
 */
final class WholeViews {
    static final Duration KEEP = Duration.ofMinutes(15);

    private record Kept<T>(String fingerprint, Instant at, T view) {
    }

    private final Map<String, Kept<ComponentsView>> components = new ConcurrentHashMap<>();
    private volatile Kept<HostsView> hosts;

    /** Leaves what a refresh computed: the components per scope (environment, "" for all) and the hosts of all. */
    void put(String fingerprint, Instant at, Map<String, ComponentsView> byScope, HostsView allHosts) {
        components.clear();
        byScope.forEach((scope, v) -> components.put(scope, new Kept<>(fingerprint, at, v)));
        hosts = new Kept<>(fingerprint, at, allHosts);
    }

    ComponentsView components(String scope, String fingerprint, Instant now, Supplier<ComponentsView> compute) {
        Kept<ComponentsView> k = components.get(scope);
        if (current(k, fingerprint, now)) {
            return k.view();
        }
        ComponentsView v = compute.get();
        components.put(scope, new Kept<>(fingerprint, now, v));
        return v;
    }

    HostsView hosts(String fingerprint, Instant now, Supplier<HostsView> compute) {
        Kept<HostsView> k = hosts;
        if (current(k, fingerprint, now)) {
            return k.view();
        }
        HostsView v = compute.get();
        hosts = new Kept<>(fingerprint, now, v);
        return v;
    }

    private static boolean current(Kept<?> k, String fingerprint, Instant now) {
        return k != null && k.fingerprint().equals(fingerprint) && Duration.between(k.at(), now).compareTo(KEEP) < 0
                && !now.isBefore(k.at());
    }
}
