package io.releasegates.fleet.store;

import io.releasegates.report.BadInputException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Opens a store from a URL: a {@code jdbc:postgresql:} URL, a {@code jdbc:h2:} URL, or a plain path (an H2 file).
 * Without one, an H2 file under the user's data directory: zero set-up. The schema is migrated on open. An H2 file
 * is embedded only (no network mode), owner-only and used by one process at a time ({@link H2Files}).
 */
public final class FleetStores {
    private FleetStores() {
    }

    /** {@code $XDG_DATA_HOME/release-gates/fleet} or {@code ~/.local/share/release-gates/fleet}. */
    public static Path defaultLocation() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("release-gates").resolve("fleet");
    }

    public static FleetStore open(String url) {
        return open(url, Clock.systemUTC());
    }

    public static FleetStore open(String url, Clock clock) {
        String jdbc = jdbcUrl(url);
        Dialect dialect = jdbc.startsWith("jdbc:postgresql:") ? Dialect.POSTGRES : Dialect.H2;
        Properties props = new Properties();
        if (dialect == Dialect.POSTGRES) {
            // lets the driver send a batch of counter upserts as one multi-row statement
            props.setProperty("reWriteBatchedInserts", "true");
        }
        String shown = JdbcUrls.mask(jdbc);
        java.util.Optional<Path> h2File = dialect == Dialect.H2 ? H2Files.databaseFile(jdbc) : java.util.Optional.empty();
        h2File.ifPresent(H2Files::prepare);
        ConnectionPool pool = new ConnectionPool(jdbc, props, 8, dialect::prepare);
        // holding one connection keeps an embedded H2 database open between the migration and the first use;
        // closing and reopening it in the same JVM races with H2's own shutdown
        java.sql.Connection keepOpen = null;
        try {
            keepOpen = pool.take();
            if (System.getProperty("org.slf4j.simpleLogger.log.org.flywaydb") == null) {
                System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
            }
            Flyway.configure(FleetStores.class.getClassLoader())
                    .dataSource(jdbc, null, null)
                    .locations("classpath:io/releasegates/fleet/db")
                    .javaMigrations(new SnapshotMigration())
                    // PostgreSQL's LIKE 'prefix%' uses a btree index only with pattern ops unless the collation is C
                    .placeholders(java.util.Map.of("prefix_ops", dialect == Dialect.POSTGRES ? "varchar_pattern_ops" : ""))
                    .table("fleet_schema_history")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new BadInputException("fleet store " + shown + ": cannot open or migrate: " + firstLine(e.getMessage()), e);
        } catch (java.sql.SQLException e) {
            pool.close();
            if (h2File.isPresent() && e.getErrorCode() == H2Files.DATABASE_ALREADY_OPEN) {
                throw H2Files.busy(h2File.get(), e);
            }
            throw new BadInputException("fleet store " + shown + ": cannot connect: " + firstLine(e.getMessage()), e);
        } finally {
            if (keepOpen != null) {
                pool.give(keepOpen);
            }
        }
        return new JdbcFleetStore(dialect, pool, dialect.name().toLowerCase() + " " + shown, clock);
    }

    static String jdbcUrl(String url) {
        if (url == null || url.isBlank()) {
            return H2Files.fileUrl(defaultLocation().resolve("fleet"));
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2Files.withSettings(url);
        }
        if (url.startsWith("jdbc:")) {
            throw new BadInputException("fleet store " + JdbcUrls.mask(url) + ": only jdbc:h2: and jdbc:postgresql: URLs are supported");
        }
        return H2Files.fileUrl(Path.of(url));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
