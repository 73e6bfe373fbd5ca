package io.releasegates.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A second process holding the NVD database open for writing (as another scan's import does) until its stdin closes:
 * H2 locks the file for it, which {@link NvdDatabaseLockTest} meets from this JVM.
 */
final class H2LockHolder {
    private H2LockHolder() {
    }

    public static void main(String[] args) throws SQLException, IOException {
        Properties credentials = new Properties();
        credentials.setProperty("user", NvdDatabase.DB_USER);
        credentials.setProperty("password", NvdDatabase.DB_PASSWORD);
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:file:" + args[0] + ";IFEXISTS=TRUE", credentials)) {
            System.out.println(connection.isValid(5) ? "held" : "not held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the test closes our stdin
            }
        }
        System.out.write("released\n".getBytes(StandardCharsets.UTF_8));
    }
}
