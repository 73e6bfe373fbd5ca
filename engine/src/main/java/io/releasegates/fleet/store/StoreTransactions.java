package io.releasegates.fleet.store;

import io.releasegates.fleet.PackageRef;
import java.time.Instant;
import java.util.Map;

/**
 * The store's transactions as the tables built on top of it see them ({@link JdbcMonitorStore}): they are given
 * this, not the whole {@link JdbcFleetStore}, so that the store and its tables do not depend on each other.
 */
interface StoreTransactions {
    /**
     * Runs one transaction, retried when a concurrent writer won a race, returning once it is on the disk; the
     * packages in {@code register} are put in the dictionary first.
     */
    <T> T transaction(String what, Map<PackageRef, Instant> register, String source, ConnectionWork<T> work);

    /** Runs a read on a pooled connection. */
    <T> T read(ConnectionWork<T> work);
}
