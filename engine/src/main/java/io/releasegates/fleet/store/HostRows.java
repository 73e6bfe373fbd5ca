package io.releasegates.fleet.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The host table's columns as the views read them, shared by the store's full reads and the detail pages' narrow ones. */
final class HostRows {
    static final String COLUMNS = "SELECT id, name, environment, role, last_report_at, package_count FROM fleet_host";

    private HostRows() {
    }

    static FleetStore.HostRow read(ResultSet rs) throws SQLException {
        return new FleetStore.HostRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), Timestamps.instant(rs, 5),
                rs.getInt(6));
    }
}
