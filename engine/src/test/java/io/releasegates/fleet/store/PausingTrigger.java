package io.releasegates.fleet.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2 trigger that stops a monitor pass inside its transaction (at its first event insert): it writes the file named by
 * {@code releasegates.test.pauseMarker}, then sleeps, so the test knows the child JVM is mid-pass when it kills it.
 */
public class PausingTrigger implements Trigger {
    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        String marker = System.getProperty("releasegates.test.pauseMarker");
        if (marker == null) {
            return;
        }
        try {
            Files.writeString(Path.of(marker), "paused");
            Thread.sleep(120_000);
        } catch (Exception e) {
            throw new SQLException("pause interrupted", e);
        }
    }
}
