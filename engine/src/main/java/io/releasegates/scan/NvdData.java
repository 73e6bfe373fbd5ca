package io.releasegates.scan;

import io.releasegates.report.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code release-gates data} needs of the scan's NVD database, from outside this package: the incremental update
 * through the NVD API 2.0 into a data dir (exactly what {@code scan --data-dir DIR --nvd-api-key-env …} does, so the
 * folder stays one {@code scan --data-dir} takes), and what a status line shows of it.
 */
public final class NvdData {
    /**
     * @param records the CVEs in the database
     * @param asOf    the last-modified date of the newest NVD data, when Dependency-Check recorded one
     */
    public record Status(long records, Optional<Instant> asOf) {
    }

    private NvdData() {
    }

    /**
     * Brings the Dependency-Check database in {@code dataDir} up to date from the NVD API at {@code apiEndpoint}
     * (null: NVD's own) with {@code apiKey} (null: none, NVD's slower public rate), creating it when missing, then
     * checks that the result is a database the scan can read. A failure is a {@link BadInputException} with the key
     * masked; Dependency-Check records the API's last-modified date only after a complete update, so a failed one is
     * fetched again next time.
     */
    public static Status update(Path dataDir, String apiKey, String apiEndpoint) {
        String source = "NVD API " + (apiEndpoint != null ? apiEndpoint : NvdApi.DEFAULT_ENDPOINT);
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new BadInputException(dataDir + ": cannot prepare the NVD data folder (" + e.getMessage() + ")", e);
        }
        DependencyCheckEngine.update(dataDir, null, apiKey, apiEndpoint, source);
        return status(dataDir).orElseThrow(() -> new BadInputException(dataDir + ": the NVD update left no database"));
    }

    /**
     * The database's size and age; empty when {@code dataDir} holds no NVD data (no database, or only the empty one a
     * failed first update leaves). Read-only: a scan may run meanwhile.
     */
    public static Optional<Status> status(Path dataDir) {
        if (!Files.isRegularFile(dataDir.resolve(NvdDatabase.DB_FILE))) {
            return Optional.empty();
        }
        long records = records(dataDir);
        if (records == 0) {
            return Optional.empty();
        }
        try (NvdDatabase db = NvdDatabase.open(dataDir, null, null, null)) {
            return Optional.of(new Status(records, db.dataAsOf()));
        }
    }

    /** CVEs in the database; 0 when its tables were never filled. */
    private static long records(Path dataDir) {
        String base = dataDir.toAbsolutePath().resolve(NvdDatabase.DB_FILE.substring(0,
                NvdDatabase.DB_FILE.length() - ".mv.db".length())).toString();
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", NvdDatabase.DB_USER);
        credentials.setProperty("password", NvdDatabase.DB_PASSWORD);
        try (Connection c = new org.h2.Driver().connect("jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", credentials);
             Statement st = c.createStatement()) {
            try (ResultSet tables = c.getMetaData().getTables(null, null, "VULNERABILITY", null)) {
                if (!tables.next()) {
                    return 0;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM vulnerability")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new BadInputException(dataDir.resolve(NvdDatabase.DB_FILE) + ": NVD database unreadable ("
                    + DependencyCheckEngine.rootMessage(e) + ")", e);
        }
    }
}
