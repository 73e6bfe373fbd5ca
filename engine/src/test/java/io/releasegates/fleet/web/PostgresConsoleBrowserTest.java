package io.releasegates.fleet.web;

import io.releasegates.fleet.store.TestPostgres;

class PostgresConsoleBrowserTest extends ConsoleBrowserContract {
    @Override
    String storeUrl() {
        return TestPostgres.newDatabaseUrl();
    }

    @Override
    String name() {
        return "postgres";
    }
}
