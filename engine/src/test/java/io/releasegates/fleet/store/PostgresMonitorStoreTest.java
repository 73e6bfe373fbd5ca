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

    @Override
    void installPause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION monitor_pause() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM pg_sleep(5); RETURN NULL; END $$");
            s.execute("CREATE TRIGGER pause_event BEFORE INSERT ON fleet_event FOR EACH STATEMENT EXECUTE FUNCTION monitor_pause()");
        }
    }

    /** A backend of this database is running the pass's event insert (held in the trigger's sleep). */
    @Override
    boolean paused(java.nio.file.Path marker) throws SQLException {
        return insertsRunning() > 0;
    }

    private long insertsRunning() throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND state <> 'idle' AND query LIKE 'INSERT INTO fleet_event%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The server notices the dead client when the sleep ends and rolls the transaction back. */
    @Override
    void awaitAbandoned() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (insertsRunning() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    @Override
    void removePause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER pause_event ON fleet_event");
        }
    }
}
