package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresStoreCrashTest extends StoreCrashContract {
    @Override
    String newStoreUrl() {
        return TestPostgres.newDatabaseUrl();
    }

    /** A database whose operator turned synchronous commit off still gets durable commits from the store. */
    @Test
    void shouldCommitSynchronouslyEvenWhenTheDatabaseDefaultIsOff() throws Exception {
        String url = newStoreUrl();
        String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + database + " SET synchronous_commit TO off");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the setting the store has to override").isEqualTo("off");
        }
        ConnectionPool pool = new ConnectionPool(url, new java.util.Properties(), 1, Dialect.POSTGRES::prepare);
        Connection c = pool.take();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("on");
        } finally {
            pool.give(c);
            pool.close();
        }
    }
}
