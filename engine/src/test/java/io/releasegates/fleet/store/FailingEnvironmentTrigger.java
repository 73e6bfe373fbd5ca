package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2 trigger that fails the report row of environment "poison" only: one bad report among many. */
public class FailingEnvironmentTrigger implements Trigger {
    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        // fleet_report columns: id, host_id, received_at, environment, ...
        if ("poison".equals(newRow[3])) {
            throw new SQLException("injected failure for environment poison", "XX000");
        }
    }
}
