package io.releasegates.fleet.store;

class PostgresConsoleTest extends ConsoleContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }
}
