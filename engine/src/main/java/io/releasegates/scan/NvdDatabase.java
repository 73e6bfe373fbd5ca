package io.releasegates.scan;

import io.releasegates.report.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.owasp.dependencycheck.Engine;
import org.owasp.dependencycheck.data.nvdcve.CveDB;
import org.owasp.dependencycheck.data.nvdcve.DatabaseException;
import org.owasp.dependencycheck.data.nvdcve.DatabaseManager;
import org.owasp.dependencycheck.data.update.exception.UpdateException;
import org.owasp.dependencycheck.dependency.Dependency;
import org.owasp.dependencycheck.dependency.Vulnerability;
import org.owasp.dependencycheck.exception.ExceptionCollection;
import org.owasp.dependencycheck.utils.Downloader;
import org.owasp.dependencycheck.utils.InvalidSettingException;
import org.owasp.dependencycheck.utils.Settings;

/**
 * The NVD data as the OWASP Dependency-Check engine keeps it (an H2 database in the data dir, reused between runs),
 * used two ways: Dependency-Check's own analysis of the package ("fuzzy" CPE identification), and direct queries of
 * the CPE ranges for the vendor/product pairs {@link CpeMapping} derives from exact purls, which we evaluate
 * ourselves with Maven version order.
 */
final class NvdDatabase implements AutoCloseable {
    private static final String[] NETWORK_ANALYZERS = {
        Settings.KEYS.ANALYZER_CENTRAL_ENABLED, Settings.KEYS.ANALYZER_NEXUS_ENABLED,
        Settings.KEYS.ANALYZER_ARTIFACTORY_ENABLED, Settings.KEYS.ANALYZER_OSSINDEX_ENABLED,
        Settings.KEYS.ANALYZER_RETIREJS_ENABLED, Settings.KEYS.ANALYZER_NODE_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_YARN_AUDIT_ENABLED, Settings.KEYS.ANALYZER_PNPM_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_KNOWN_EXPLOITED_ENABLED, Settings.KEYS.HOSTED_SUPPRESSIONS_ENABLED,
        Settings.KEYS.ANALYZER_BUNDLE_AUDIT_ENABLED, Settings.KEYS.ANALYZER_ASSEMBLY_ENABLED,
        Settings.KEYS.ANALYZER_GOLANG_MOD_ENABLED, Settings.KEYS.ANALYZER_MIX_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_NODE_PACKAGE_ENABLED, Settings.KEYS.ANALYZER_RETIRED_ENABLED,
        Settings.KEYS.ANALYZER_EXPERIMENTAL_ENABLED,
    };
    private static final String RULES_SQL = "SELECT v.cve, c.version, c.update_version, s.versionStartIncluding,"
            + " s.versionStartExcluding, s.versionEndIncluding, s.versionEndExcluding FROM software s"
            + " JOIN cpeEntry c ON c.id = s.cpeEntryId JOIN vulnerability v ON v.id = s.cveid"
            + " WHERE c.part = 'a' AND c.vendor = ? AND c.product = ? AND s.vulnerable = TRUE";
    private static final String KNOWN_SQL = "SELECT 1 FROM cpeEntry WHERE vendor = ? AND product = ? AND part = 'a' LIMIT 1";
    private static final String VENDORS_SQL = "SELECT DISTINCT vendor FROM cpeEntry WHERE product = ? AND part = 'a'";

    private static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMinutes(5);

    private final Settings settings;
    private final CveDB cveDb;
    private Engine engine;
    private final DatabaseManager sql;
    private final Connection connection;
    private final String source;

    private NvdDatabase(Settings settings, CveDB cveDb, DatabaseManager sql, Connection connection, String source) {
        this.settings = settings;
        this.cveDb = cveDb;
        this.sql = sql;
        this.connection = connection;
        this.source = source;
    }

    /**
     * Opens the database in {@code dataDir}, first bringing it up to date from {@code datafeed} (a DC data-feed URL or
     * folder) or, with an API key and no feed, from the NVD API. With neither, the existing database is used as is.
     */
    static NvdDatabase open(Path dataDir, String datafeed, String apiKey) {
        // H2 allows one process per database file: another scan on the same data dir is waited for, not failed.
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            try {
                return openOnce(dataDir, datafeed, apiKey);
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

    private static NvdDatabase openOnce(Path dataDir, String datafeed, String apiKey) {
        Settings settings = new Settings();
        String feedState;
        String source = datafeed != null ? datafeed : apiKey != null ? "NVD API" : dataDir.toString();
        try {
            Files.createDirectories(dataDir);
            settings.setString(Settings.KEYS.DATA_DIRECTORY, dataDir.toString());
            settings.setString(Settings.KEYS.H2_DATA_DIRECTORY, dataDir.toString());
            settings.setString(Settings.KEYS.TEMP_DIRECTORY, dataDir.resolve("tmp").toString());
            // Dependency-Check only creates its tables on an update; without new data it must not go online.
            boolean exists = DatabaseManager.h2DataFileExists(settings);
            // A local feed whose cache.properties did not change since the last import needs no update check at all.
            feedState = datafeed == null ? null : FeedState.of(datafeed);
            boolean unchanged = exists && feedState != null && feedState.equals(FeedState.recorded(dataDir, datafeed));
            boolean update = datafeed != null && !unchanged || apiKey != null || !exists;
            settings.setBoolean(Settings.KEYS.AUTO_UPDATE, update);
            if (datafeed != null) {
                settings.setString(Settings.KEYS.NVD_API_DATAFEED_URL, feedUrl(datafeed));
                settings.setInt(Settings.KEYS.NVD_API_VALID_FOR_HOURS, 0);
            }
            if (apiKey != null) {
                settings.setString(Settings.KEYS.NVD_API_KEY, apiKey);
            }
            settings.setBoolean(Settings.KEYS.UPDATE_VERSION_CHECK_ENABLED, false);
            for (String key : NETWORK_ANALYZERS) {
                settings.setBoolean(key, false);
            }
            if (update && datafeed == null && apiKey == null) {
                throw new BadInputException(dataDir + ": no NVD database yet; give --nvd-datafeed URL|DIR (or --nvd-api-key)");
            }
            Downloader.getInstance().configure(settings);
        } catch (java.io.IOException e) {
            settings.cleanup(true);
            throw new BadInputException(dataDir + ": cannot prepare the data dir (" + e.getMessage() + ")", e);
        }
        CveDB cveDb = null;
        try {
            if (settings.getBoolean(Settings.KEYS.AUTO_UPDATE, false)) {
                try (Engine updater = new Engine(Engine.Mode.STANDALONE, settings)) {
                    updater.doUpdates(false);
                }
                if (feedState != null) {
                    FeedState.record(dataDir, datafeed, feedState);
                }
            }
            // No Engine on the warm path: its analyzers are only built when a jar needs Dependency-Check's analysis.
            cveDb = new CveDB(settings);
            if (!cveDb.isOpen()) {
                cveDb.open();
            }
            if (!cveDb.dataExists()) {
                throw new BadInputException(source + ": the NVD data feed produced an empty database");
            }
            DatabaseManager sql = new DatabaseManager(settings);
            sql.open();
            return new NvdDatabase(settings, cveDb, sql, sql.getConnection(), source);
        } catch (UpdateException | RuntimeException e) {
            if (cveDb != null) {
                cveDb.close();
            }
            settings.cleanup(true);
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException(source + ": NVD data feed unreadable (" + rootMessage(e) + ")", e);
        }
    }

    /** Dependency-Check's analysis of the package; only dependencies with a CPE or a vulnerability are returned. */
    List<Dependency> analyze(Path pkg) {
        if (engine == null) {
            engine = new Engine(Engine.Mode.STANDALONE, settings);
            try {
                // Read-only opening would copy the whole H2 file to a temp dir (gigabytes for the full NVD).
                engine.openDatabase(false, false);
            } catch (DatabaseException e) {
                throw new IllegalStateException("cannot open the NVD database for Dependency-Check: " + rootMessage(e), e);
            }
        }
        engine.scan(pkg.toFile());
        try {
            engine.analyzeDependencies();
        } catch (ExceptionCollection e) {
            // DC collects per-file problems (e.g. one odd jar) and carries on; fatal ones mean the analysis is unusable.
            if (e.isFatal()) {
                throw new BadInputException(pkg + ": Dependency-Check analysis failed (" + rootMessage(e) + ")", e);
            }
        }
        List<Dependency> out = new ArrayList<>();
        for (Dependency d : engine.getDependencies()) {
            if (!d.getVulnerableSoftwareIdentifiers().isEmpty() || !d.getVulnerabilities().isEmpty()) {
                out.add(d);
            }
        }
        return out;
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

    List<String> vendorsOf(String product) {
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

    Optional<Vulnerability> vulnerability(String cve) {
        try {
            return Optional.ofNullable(cveDb.getVulnerability(cve));
        } catch (DatabaseException e) {
            return Optional.empty();
        }
    }

    /** Last-modified date of the newest NVD data in the database (from the feed's or the API's bookkeeping). */
    Optional<Instant> dataAsOf() {
        var props = cveDb.getDatabaseProperties();
        for (String key : new String[] {"nvd.cache.last.modified", "nvd.api.last.modified"}) {
            String value = props.getProperty(key);
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
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a read-only connection cannot lose data
        }
        sql.close();
        if (engine != null) {
            engine.close();
        }
        cveDb.close();
        settings.cleanup(true);
    }

    private static String feedUrl(String datafeed) {
        if (datafeed.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return datafeed.endsWith("/") || datafeed.endsWith(".json.gz") ? datafeed : datafeed + "/";
        }
        Path dir = Path.of(datafeed).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(datafeed + ": NVD data feed folder not found");
        }
        if (!Files.isRegularFile(dir.resolve("cache.properties"))) {
            throw new BadInputException(datafeed + ": not an NVD data feed (no cache.properties)");
        }
        if (!Files.isRegularFile(dir.resolve("nvdcve-modified.json.gz"))) {
            throw new BadInputException(datafeed + ": not an NVD data feed (no nvdcve-modified.json.gz)");
        }
        String uri = dir.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

}
