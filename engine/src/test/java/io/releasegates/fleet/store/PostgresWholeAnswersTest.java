package io.releasegates.fleet.store;

class PostgresWholeAnswersTest extends WholeAnswersContract {
    @Override
    String newStoreUrl() throws Exception {
        return TestPostgres.newDatabaseUrl();
    }
}
