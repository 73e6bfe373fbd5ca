package io.releasegates.fleet.store;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class H2MonitorStoreTest extends MonitorStoreContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-monitor-h2").resolve("fleet").toString();
    }

    @Override
    void injectFailure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER fail_event BEFORE INSERT ON fleet_event FOR EACH ROW CALL '"
                    + FailingTrigger.class.getName() + "'");
        }
    }

    @Override
    void removeFailure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER fail_event");
        }
    }
}
