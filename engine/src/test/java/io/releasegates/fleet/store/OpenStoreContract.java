package io.releasegates.fleet.store;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.MutableClock;
import io.releasegates.fleet.view.FleetViews;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh store per test, on the backend the subclass names, with a clock the test moves. */
abstract class OpenStoreContract {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    MutableClock clock;
    FleetStore store;

    abstract String newStoreUrl() throws Exception;

    @BeforeEach
    void open() throws Exception {
        clock = new MutableClock(T0);
        store = FleetStores.open(newStoreUrl(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    FleetViews views() {
        return new FleetViews(store, CadencePolicy.defaults(), clock);
    }
}
