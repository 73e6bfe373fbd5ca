package io.releasegates.fleet.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How the store reads its {@code TIMESTAMP WITH TIME ZONE} columns: as {@link OffsetDateTime}, which both H2 and
 * PostgreSQL return without a detour through the JVM's default time zone. One home, so that the tables' readers do
 * not call back into {@link JdbcFleetStore} for it.
 */
final class Timestamps {
    private Timestamps() {
    }

    /** The column as an instant; null for SQL NULL. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
