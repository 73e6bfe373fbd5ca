package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** {@code notify_cursor}: per notification channel, the last event id its receiver acknowledged. */
final class NotifyCursors {
    private NotifyCursors() {
    }

    static long deliveredThrough(Connection c, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT delivered_through FROM notify_cursor WHERE channel = ?")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    static void advance(Connection c, String channel, long eventId, Instant at) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE notify_cursor SET delivered_through = ?, updated_at = ?"
                + " WHERE channel = ? AND delivered_through < ?")) {
            ps.setLong(1, eventId);
            ps.setObject(2, Dialect.utc(at));
            ps.setString(3, channel);
            ps.setLong(4, eventId);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM notify_cursor WHERE channel = ?")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                // a concurrent first delivery on the same channel is a unique violation, retried by the transaction
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO notify_cursor (channel, delivered_through, updated_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, channel);
                    ps.setLong(2, eventId);
                    ps.setObject(3, Dialect.utc(at));
                    ps.executeUpdate();
                }
            }
        }
    }
}
