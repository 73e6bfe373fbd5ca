package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection inside a store transaction or read (see {@link StoreTransactions}). */
@FunctionalInterface
interface ConnectionWork<T> {
    T run(Connection c) throws SQLException;
}
