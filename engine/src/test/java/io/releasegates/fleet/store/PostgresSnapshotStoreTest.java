package io.releasegates.fleet.store;

class PostgresSnapshotStoreTest extends SnapshotStoreContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }
}
