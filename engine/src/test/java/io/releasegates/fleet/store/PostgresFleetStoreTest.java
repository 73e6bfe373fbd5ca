package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresFleetStoreTest extends FleetStoreContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }

    @Override
    void injectFailure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION fleet_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE EXCEPTION 'injected failure'; END $$");
            s.execute("CREATE TRIGGER fail_report BEFORE INSERT ON fleet_report FOR EACH ROW EXECUTE FUNCTION fleet_fail()");
        }
    }

    @Override
    void injectFailureForPoison(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION fleet_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.environment = 'poison' THEN RAISE EXCEPTION 'injected failure for environment poison'; END IF;"
                    + " RETURN NEW; END $$");
            s.execute("CREATE TRIGGER fail_report BEFORE INSERT ON fleet_report FOR EACH ROW EXECUTE FUNCTION fleet_fail()");
        }
    }

    @Override
    void removeFailure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER fail_report ON fleet_report");
        }
    }
}
