package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2 trigger that fails the last step of an ingest, to prove the whole transaction rolls back. */
public class FailingTrigger implements Trigger {
    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("injected failure", "XX000");
    }
}
