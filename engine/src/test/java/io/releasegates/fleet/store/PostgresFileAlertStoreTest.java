package io.releasegates.fleet.store;

class PostgresFileAlertStoreTest extends FileAlertStoreContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }
}
