package io.releasegates.fleet.store;

class PostgresConsoleMonitorListsTest extends ConsoleMonitorListsContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }
}
