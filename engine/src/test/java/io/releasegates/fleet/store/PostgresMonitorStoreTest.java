package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresMonitorStoreTest extends MonitorStoreContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }

    @Override
    void injectFailure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION monitor_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE EXCEPTION 'injected failure'; END $$");
            s.execute("CREATE TRIGGER fail_event BEFORE INSERT ON fleet_event FOR EACH ROW EXECUTE FUNCTION monitor_fail()");
        }
    }

    @Override
    void removeFailure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER fail_event ON fleet_event");
        }
    }
}
