package io.releasegates.fleet.store;

class PostgresVersionHostsTest extends VersionHostsContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }
}
