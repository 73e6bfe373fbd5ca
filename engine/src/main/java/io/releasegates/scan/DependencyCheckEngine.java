package io.releasegates.scan;

import io.releasegates.report.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.owasp.dependencycheck.Engine;
import org.owasp.dependencycheck.data.update.exception.UpdateException;
import org.owasp.dependencycheck.dependency.Dependency;
import org.owasp.dependencycheck.exception.ExceptionCollection;
import org.owasp.dependencycheck.utils.Downloader;
import org.owasp.dependencycheck.utils.Settings;

/**
 * The OWASP Dependency-Check engine, used for what only it does: importing NVD data (a data feed or the NVD API) into
 * its H2 database, and its own evidence-based analysis of jars we cannot identify exactly. A warm scan of exactly
 * identified jars needs neither and never builds one ({@link NvdDatabase} reads the database directly).
 */
final class DependencyCheckEngine implements AutoCloseable {
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

    private final Settings settings;
    private final Engine engine;

    private DependencyCheckEngine(Settings settings, Engine engine) {
        this.settings = settings;
        this.engine = engine;
    }

    /**
     * Brings the database in {@code dataDir} up to date from {@code datafeed} (a DC data-feed URL or folder) or, with
     * no feed, from the NVD API at {@code apiEndpoint} (null: NVD's own) with {@code apiKey} (may be null); creates it
     * when missing. A failed update is a {@link BadInputException} naming {@code source}, with the key masked; the
     * database keeps what it had (Dependency-Check records the API's last-modified date only after a complete update).
     */
    static void update(Path dataDir, String datafeed, String apiKey, String apiEndpoint, String source) {
        withDcClassLoader(() -> {
            updateWithin(dataDir, datafeed, apiKey, apiEndpoint, source);
            return null;
        });
    }

    private static void updateWithin(Path dataDir, String datafeed, String apiKey, String apiEndpoint, String source) {
        Settings settings = settings(dataDir, datafeed, apiKey, true);
        if (datafeed == null && apiEndpoint != null) {
            settings.setString(Settings.KEYS.NVD_API_ENDPOINT, apiEndpoint);
        }
        try (Engine updater = engine(settings)) {
            updater.doUpdates(false);
        } catch (UpdateException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            ifLocked(dataDir, e);
            String what = datafeed != null ? "NVD data feed unreadable" : "update failed";
            String message = source + ": " + what + " (" + NvdApi.mask(rootMessage(e), apiKey) + ")";
            // the cause's messages may hold a fragment of the key (the NVD client's "Invalid API Key: abcde-*****-…")
            throw revealsKey(e, apiKey) ? new BadInputException(message) : new BadInputException(message, e);
        } finally {
            settings.cleanup(true);
        }
    }

    /**
     * The first line of the innermost cause's message: Dependency-Check and H2 wrap the useful message (the file,
     * the SQL state, the HTTP status) several levels deep.
     */
    /**
     * Throws the one-line error for a database another process holds (H2's file lock: another scan or update on the
     * same data dir) when {@code e} is that; returns otherwise. No cause is attached, so no stack trace is printed.
     */
    static void ifLocked(Path dataDir, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof SQLException sql && sql.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1
                    || message.contains("The file is locked") || message.contains("Database may be already in use")) {
                throw BadInputException.ofSettings(dataDir.resolve(NvdDatabase.DB_FILE) + ": the NVD database is locked by"
                        + " another process (another scan or update using this data dir); wait for it to finish, or give this"
                        + " scan its own data dir ({0})", ScanRequest.DATA_DIR);
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static boolean revealsKey(Throwable e, String apiKey) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (NvdApi.reveals(t.getMessage(), apiKey) || NvdApi.reveals(String.valueOf(t), apiKey)) {
                return true;
            }
        }
        return false;
    }

    /** Opens Dependency-Check's analysis on the (existing) database in {@code dataDir}, without any update. */
    static DependencyCheckEngine forAnalysis(Path dataDir) {
        return withDcClassLoader(() -> openForAnalysis(dataDir));
    }

    private static DependencyCheckEngine openForAnalysis(Path dataDir) {
        Settings settings = settings(dataDir, null, null, false);
        Engine engine = engine(settings);
        try {
            // Read-only opening would copy the whole H2 file to a temp dir (gigabytes for the full NVD).
            engine.openDatabase(false, false);
        } catch (RuntimeException e) {
            engine.close();
            settings.cleanup(true);
            ifLocked(dataDir, e);
            throw new IllegalStateException("cannot open the NVD database for Dependency-Check: " + rootMessage(e), e);
        }
        return new DependencyCheckEngine(settings, engine);
    }

    /**
     * Dependency-Check finds its data sources and analyzers with ServiceLoader on the class loader it is given, by
     * default the thread's context class loader. In Jenkins that is not the plugin's (it cannot see Dependency-Check's
     * META-INF/services), so the update found no data source and left an empty database, and the analysis ran no
     * analyzer: hence always the class loader that loaded Dependency-Check itself, given to it and (for the resources
     * it reads through the context class loader, such as its SQL scripts) set as the thread's while it runs.
     */
    private static Engine engine(Settings settings) {
        return new Engine(Engine.class.getClassLoader(), Engine.Mode.STANDALONE, settings);
    }

    /** Dependency-Check's analysis of the jars in {@code dir}; only dependencies with a CPE or a vulnerability. */
    List<Dependency> analyze(Path dir) {
        return withDcClassLoader(() -> analyzeWithin(dir));
    }

    private List<Dependency> analyzeWithin(Path dir) {
        engine.scan(dir.toFile());
        try {
            engine.analyzeDependencies();
        } catch (ExceptionCollection e) {
            // DC collects per-file problems (e.g. one odd jar) and carries on; fatal ones mean the analysis is unusable.
            if (e.isFatal()) {
                throw new BadInputException(dir + ": Dependency-Check analysis failed (" + rootMessage(e) + ")", e);
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

    @Override
    public void close() {
        withDcClassLoader(() -> {
            engine.close();
            settings.cleanup(true);
            return null;
        });
    }

    /** {@code body} with Dependency-Check's class loader as the thread's context class loader (see {@link #engine}). */
    private static <T> T withDcClassLoader(java.util.function.Supplier<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Engine.class.getClassLoader());
        try {
            return body.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Settings settings(Path dataDir, String datafeed, String apiKey, boolean update) {
        Settings settings = new Settings();
        settings.setString(Settings.KEYS.DATA_DIRECTORY, dataDir.toString());
        settings.setString(Settings.KEYS.H2_DATA_DIRECTORY, dataDir.toString());
        settings.setString(Settings.KEYS.TEMP_DIRECTORY, dataDir.resolve("tmp").toString());
        // Dependency-Check only creates its tables on an update; without new data it must not go online.
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
        try {
            Downloader.getInstance().configure(settings);
        } catch (org.owasp.dependencycheck.utils.InvalidSettingException e) {
            settings.cleanup(true);
            throw new BadInputException(dataDir + ": cannot configure Dependency-Check (" + e.getMessage() + ")", e);
        }
        return settings;
    }

    /** The data-feed URL Dependency-Check expects; a local folder must hold a complete feed. */
    static String feedUrl(String datafeed) {
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

    /** Dependency-Check's own setting (its defaults file), so that tests can hold our copies of it to account. */
    static String defaultSetting(String key) {
        return new Settings().getString(key);
    }
}
