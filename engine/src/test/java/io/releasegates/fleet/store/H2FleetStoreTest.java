package io.releasegates.fleet.store;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class H2FleetStoreTest extends FleetStoreContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-fleet-h2").resolve("fleet").toString();
    }

    @Override
    void injectFailure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER fail_report BEFORE INSERT ON fleet_report FOR EACH ROW CALL '"
                    + FailingTrigger.class.getName() + "'");
        }
    }

    @Override
    void injectFailureForPoison(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER fail_report BEFORE INSERT ON fleet_report FOR EACH ROW CALL '"
                    + FailingEnvironmentTrigger.class.getName() + "'");
        }
    }

    @Override
    void removeFailure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER fail_report");
        }
    }
}
