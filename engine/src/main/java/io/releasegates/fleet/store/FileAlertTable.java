package io.releasegates.fleet.store;

import io.releasegates.integrity.watch.FileAlert;
import io.releasegates.integrity.watch.FileChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** SQL of {@code fleet_file_alert}: the alerts of {@code integrity watch} agents, open until resolved. */
final class FileAlertTable {
    private static final String COLUMNS = "id, host, root, path, change_kind, state, severity, rule_id, baseline_sha256, "
            + "sha256, message, detected_at, received_at, resolved_at";

    private FileAlertTable() {
    }

    /**
     * Applies the alerts in order: each closes the open row of the same host, tree, path and change (resolved, or
     * replaced by a newer difference), and an open alert is then inserted. Returns the rows inserted.
     */
    static int record(Connection c, List<FileAlert> alerts, Instant receivedAt) throws SQLException {
        int inserted = 0;
        OffsetDateTime received = OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC);
        try (PreparedStatement close = c.prepareStatement("UPDATE fleet_file_alert SET state = ?, resolved_at = ? "
                + "WHERE state = 'open' AND host = ? AND root = ? AND path = ? AND change_kind = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_file_alert (host, root, path, change_kind, "
                     + "state, severity, rule_id, baseline_sha256, sha256, message, detected_at, received_at) "
                     + "VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)")) {
            for (FileAlert a : alerts) {
                close.setString(1, a.open() ? "replaced" : FileAlert.RESOLVED);
                close.setObject(2, OffsetDateTime.ofInstant(a.time(), ZoneOffset.UTC));
                close.setString(3, a.host());
                close.setString(4, a.root());
                close.setString(5, a.path());
                close.setString(6, a.change().label());
                close.executeUpdate();
                if (a.open()) {
                    insert.setString(1, a.host());
                    insert.setString(2, a.root());
                    insert.setString(3, a.path());
                    insert.setString(4, a.change().label());
                    insert.setString(5, a.severity());
                    insert.setString(6, a.ruleId());
                    insert.setString(7, a.baselineSha256());
                    insert.setString(8, a.sha256());
                    insert.setString(9, a.message());
                    insert.setObject(10, OffsetDateTime.ofInstant(a.time(), ZoneOffset.UTC));
                    insert.setObject(11, received);
                    inserted += insert.executeUpdate();
                }
            }
        }
        return inserted;
    }

    /** Open alerts, newest first; of one host, or of all when {@code host} is null. */
    static List<FleetStore.AlertRow> open(Connection c, String host) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM fleet_file_alert WHERE state = 'open'"
                + (host == null ? "" : " AND host = ?") + " ORDER BY detected_at DESC, id DESC";
        List<FleetStore.AlertRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (host != null) {
                s.setString(1, host);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    FileAlert a = new FileAlert(Timestamps.instant(rs, 12), rs.getString(2), rs.getString(3), rs.getString(4),
                            FileChange.fromLabel(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getString(11));
                    rows.add(new FleetStore.AlertRow(rs.getLong(1), a, Timestamps.instant(rs, 13)));
                }
            }
        }
        return rows;
    }
}
