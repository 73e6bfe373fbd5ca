package io.releasegates.fleet.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** A few reusable connections: opening a PostgreSQL connection per ingest would cost more than the ingest. */
final class ConnectionPool implements AutoCloseable {
    private final String url;
    private final Properties props;
    private final BlockingQueue<Connection> idle;
    private final Setup setup;

    /** Session settings every new connection gets before its first use. */
    @FunctionalInterface
    interface Setup {
        void prepare(Connection c) throws SQLException;
    }

    ConnectionPool(String url, Properties props, int size, Setup setup) {
        this.url = url;
        this.props = props;
        this.idle = new ArrayBlockingQueue<>(size);
        this.setup = setup;
    }

    Connection take() throws SQLException {
        Connection c = idle.poll();
        while (c != null && !c.isValid(2)) {
            closeQuietly(c);
            c = idle.poll();
        }
        return c != null ? c : open();
    }

    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(url, props);
        try {
            setup.prepare(c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    void give(Connection c) {
        try {
            if (c.isClosed()) {
                return;
            }
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            return;
        }
        if (!idle.offer(c)) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being discarded either way
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }
}
