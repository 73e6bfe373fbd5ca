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

    @Override
    void installPause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER pause_event BEFORE INSERT ON fleet_event FOR EACH ROW CALL '"
                    + PausingTrigger.class.getName() + "'");
        }
    }

    @Override
    boolean paused(java.nio.file.Path marker) {
        return Files.exists(marker);
    }

    @Override
    void awaitAbandoned() {
        // the killed JVM held the file: its uncommitted transaction is gone with it
    }

    @Override
    void removePause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER pause_event");
        }
    }
}
