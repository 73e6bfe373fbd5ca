package io.releasegates.scan;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The NVD data as the OWASP Dependency-Check engine keeps it (an H2 database in the data dir, reused between runs).
 * Dependency-Check imports the data ({@link DependencyCheckEngine#update}); we then read its tables directly over one
 * read-only JDBC connection: the CPE ranges for the vendor/product pairs {@link CpeMapping} derives from exact purls
 * (evaluated by us with Maven version order), the CVE texts and CVSS v3 vectors, and the data's age. Opening the
 * file read-only skips everything Dependency-Check's own database layer does on open (connection pool, JMX, schema
 * and version checks, the HTTP client, write locks and the compaction on close), which was most of a warm scan.
 * Dependency-Check's own analysis of jars is started only when asked for (and {@link DcAnalysis} caches its results).
 */
final class NvdDatabase implements AutoCloseable, CpeMapping.Catalog {
    /** Dependency-Check's H2 file, its credentials and the schema version its tables are read with (checked in tests). */
    static final String DB_FILE = "odc.mv.db";
    static final String DB_USER = "dcuser";
    static final String DB_PASSWORD = "DC-Pass1337!";
    static final String SCHEMA_VERSION = "5.6";

    private static final String RULES_SQL = "SELECT v.cve, c.version, c.update_version, s.versionStartIncluding,"
            + " s.versionStartExcluding, s.versionEndIncluding, s.versionEndExcluding FROM software s"
            + " JOIN cpeEntry c ON c.id = s.cpeEntryId JOIN vulnerability v ON v.id = s.cveid"
            + " WHERE c.part = 'a' AND c.vendor = ? AND c.product = ? AND s.vulnerable = TRUE";
    private static final String KNOWN_SQL = "SELECT 1 FROM cpeEntry WHERE vendor = ? AND product = ? AND part = 'a' LIMIT 1";
    private static final String VENDORS_SQL = "SELECT DISTINCT vendor FROM cpeEntry WHERE product = ? AND part = 'a' ORDER BY vendor";
    private static final String ADVISORY_SQL = "SELECT description, v3Version, v3AttackVector, v3AttackComplexity,"
            + " v3PrivilegesRequired, v3UserInteraction, v3Scope, v3ConfidentialityImpact, v3IntegrityImpact,"
            + " v3AvailabilityImpact FROM vulnerability WHERE cve = ?";
    private static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMinutes(5);

    /** What a finding needs of an NVD CVE: the first line of its description and its CVSS v3 vector, if any. */
    record Advisory(String summary, Optional<Cvss3> cvss) {
    }

    private final Path dataDir;
    private final Connection connection;
    private final Properties properties;
    private final String source;
    private final Map<String, Optional<Advisory>> advisories = new HashMap<>();
    private DependencyCheckEngine dependencyCheck;

    private NvdDatabase(Path dataDir, Connection connection, Properties properties, String source) {
        this.dataDir = dataDir;
        this.connection = connection;
        this.properties = properties;
        this.source = source;
    }

    /**
     * Opens the database in {@code dataDir}, first bringing it up to date from {@code datafeed} (a DC data-feed URL or
     * folder) or, with an API key or API endpoint and no feed, from the NVD API ({@code apiEndpoint}, null for NVD's
     * own). With none, the existing database is used as is.
     */
    static NvdDatabase open(Path dataDir, String datafeed, String apiKey, String apiEndpoint) {
        // H2 allows one writing process per database file: another scan updating the data dir is waited for.
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            try {
                return openOnce(dataDir, datafeed, apiKey, apiEndpoint);
            } catch (BadInputException e) {
                if (!lockedByAnotherProcess(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean lockedByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("file is locked")) {
                return true;
            }
        }
        return false;
    }

    private static NvdDatabase openOnce(Path dataDir, String datafeed, String apiKey, String apiEndpoint) {
        boolean api = datafeed == null && (apiKey != null || apiEndpoint != null);
        String source = datafeed != null ? datafeed
                : api ? "NVD API " + (apiEndpoint != null ? apiEndpoint : NvdApi.DEFAULT_ENDPOINT) : dataDir.toString();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BadInputException(dataDir + ": cannot prepare the data dir (" + e.getMessage() + ")", e);
        }
        boolean exists = Files.isRegularFile(dataDir.resolve(DB_FILE));
        // A local feed whose cache.properties did not change since the last import needs no update check at all.
        String feedState = datafeed == null ? null : FeedState.of(datafeed);
        boolean unchanged = exists && feedState != null && feedState.equals(FeedState.recorded(dataDir, datafeed));
        boolean update = datafeed != null && !unchanged || api || !exists;
        if (update && datafeed == null && !api) {
            throw BadInputException.ofSettings(dataDir + ": no NVD database yet; give {0} URL|DIR (or {1} / {2})",
                    ScanRequest.NVD_DATAFEED, ScanRequest.NVD_API_KEY, ScanRequest.NVD_API_URL);
        }
        if (update) {
            importData(dataDir, datafeed, apiKey, apiEndpoint, source, feedState);
        }
        NvdDatabase db = connect(dataDir, source);
        String schema = db.properties.getProperty("version", "");
        if (!schema.equals(SCHEMA_VERSION)) {
            db.close();
            if (update || datafeed == null && !api) {
                throw BadInputException.ofSettings(dataDir.resolve(DB_FILE) + ": NVD database schema '" + schema
                        + "', expected Dependency-Check's " + SCHEMA_VERSION + "; re-import it with {0}", ScanRequest.NVD_DATAFEED);
            }
            // written by another Dependency-Check version: its update brings the schema to ours
            importData(dataDir, datafeed, apiKey, apiEndpoint, source, feedState);
            db = connect(dataDir, source);
        }
        return db;
    }

    private static void importData(Path dataDir, String datafeed, String apiKey, String apiEndpoint, String source,
                                   String feedState) {
        DependencyCheckEngine.update(dataDir, datafeed, apiKey, apiEndpoint, source);
        if (feedState != null) {
            FeedState.record(dataDir, datafeed, feedState);
        }
    }

    private static NvdDatabase connect(Path dataDir, String source) {
        Path file = dataDir.resolve(DB_FILE);
        String base = dataDir.toAbsolutePath().resolve(DB_FILE.substring(0, DB_FILE.length() - ".mv.db".length())).toString();
        // ACCESS_MODE_DATA=r: the file is opened read-only (a shared lock, no writes, no compaction on close);
        // IFEXISTS: a missing file is an error, never a new empty database.
        String url = "jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
        Connection connection = null;
        try {
            connection = new org.h2.Driver().connect(url, credentials());
            Properties props = new Properties();
            try (PreparedStatement st = connection.prepareStatement("SELECT * FROM properties");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    props.setProperty(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
                }
            }
            try (PreparedStatement st = connection.prepareStatement("SELECT 1 FROM cpeEntry LIMIT 1");
                 ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new BadInputException(source + ": the NVD data feed produced an empty database (" + file + ")");
                }
            }
            return new NvdDatabase(dataDir, connection, props, source);
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            DependencyCheckEngine.ifLocked(dataDir, e);
            throw new BadInputException(file + ": NVD database unreadable (" + DependencyCheckEngine.rootMessage(e) + ")", e);
        }
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", DB_USER);
        p.setProperty("password", DB_PASSWORD);
        return p;
    }

    /**
     * Dependency-Check's analysis of the jars in {@code dir}; only dependencies with a CPE or a vulnerability are
     * returned. Call after the queries of this class: Dependency-Check opens the database its own way, so ours is
     * closed first.
     */
    List<DcAnalysis.Result> analyze(Path dir) {
        if (dependencyCheck == null) {
            closeConnection();
            dependencyCheck = DependencyCheckEngine.forAnalysis(dataDir);
        }
        return DcAnalysis.results(dependencyCheck.analyze(dir));
    }

    /** The cache of Dependency-Check's per-jar results for this database's state (its properties table). */
    DcAnalysis.Cache analysisCache() {
        Map<String, String> props = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> props.put(k, properties.getProperty(k)));
        return DcAnalysis.cache(dataDir, props);
    }

    /** Every vulnerable CPE rule for the vendor/product, ranges as NVD wrote them. */
    List<CpeRule> rules(String vendor, String product) {
        List<CpeRule> rules = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(RULES_SQL)) {
            st.setString(1, vendor);
            st.setString(2, product);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rules.add(new CpeRule(rs.getString(1), vendor, product, rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("NVD database query failed: " + e.getMessage(), e);
        }
        return rules;
    }

    boolean knows(String vendor, String product) {
        try (PreparedStatement st = connection.prepareStatement(KNOWN_SQL)) {
            st.setString(1, vendor);
            st.setString(2, product);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("NVD database query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean spansMajor(String vendor, String product, int major) {
        for (CpeRule rule : rules(vendor, product)) {
            if (rule.spansMajor(major)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> vendorsOf(String product) {
        List<String> vendors = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(VENDORS_SQL)) {
            st.setString(1, product);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    vendors.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("NVD database query failed: " + e.getMessage(), e);
        }
        return vendors;
    }

    /** The CVE's summary and CVSS v3 vector as Dependency-Check stored them; empty for an unknown id. */
    Optional<Advisory> advisory(String cve) {
        return advisories.computeIfAbsent(cve, this::readAdvisory);
    }

    private Optional<Advisory> readAdvisory(String cve) {
        try (PreparedStatement st = connection.prepareStatement(ADVISORY_SQL)) {
            st.setString(1, cve);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String description = rs.getString(1) == null ? "" : rs.getString(1);
                String[] metrics = new String[9];
                for (int i = 0; i < metrics.length; i++) {
                    metrics[i] = rs.getString(i + 2);
                }
                return Optional.of(new Advisory(description.lines().findFirst().orElse(""), cvss(metrics)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("NVD database query failed: " + e.getMessage(), e);
        }
    }

    /**
     * The v3 vector from Dependency-Check's columns (version, then AV, AC, PR, UI, S, C, I, A as enum names such as
     * NETWORK, ADJACENT_NETWORK, NONE, REQUIRED, UNCHANGED): each metric's vector letter is its name's first letter.
     */
    static Optional<Cvss3> cvss(String[] metrics) {
        if (metrics[0] == null || metrics[0].isBlank()) {
            return Optional.empty();
        }
        String[] keys = {"AV", "AC", "PR", "UI", "S", "C", "I", "A"};
        StringBuilder vector = new StringBuilder("CVSS:").append(metrics[0].trim());
        for (int i = 0; i < keys.length; i++) {
            String value = metrics[i + 1];
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            vector.append('/').append(keys[i]).append(':').append(Character.toUpperCase(value.trim().charAt(0)));
        }
        return Cvss3.parse(vector.toString());
    }

    /** Last-modified date of the newest NVD data in the database (from the feed's or the API's bookkeeping). */
    Optional<Instant> dataAsOf() {
        for (String key : new String[] {"nvd.cache.last.modified", "nvd.api.last.modified"}) {
            String value = properties.getProperty(key);
            if (value != null && !value.isBlank()) {
                try {
                    return Optional.of(ZonedDateTime.parse(value).toInstant());
                } catch (java.time.DateTimeException e) {
                    // try the next key
                }
            }
        }
        return Optional.empty();
    }

    String source() {
        return source;
    }

    @Override
    public void close() {
        closeConnection();
        if (dependencyCheck != null) {
            dependencyCheck.close();
        }
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a read-only connection cannot lose data
        }
    }
}
