package io.releasegates.fleet.store;

class PostgresDetailReadsTest extends DetailReadsContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }
}
