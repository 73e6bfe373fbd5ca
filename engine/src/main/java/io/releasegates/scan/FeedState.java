package io.releasegates.scan;

import io.releasegates.files.RegularFiles;
import io.releasegates.files.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Remembers, in the data dir, the SHA-256 of each local feed's {@code cache.properties} at its last successful
 * import, so that a warm scan of an unchanged feed skips Dependency-Check's update step. Remote feeds are always
 * checked (Dependency-Check then only fetches what changed).
 */
final class FeedState {
    private static final String FILE = "release-gates-feeds.properties";

    private FeedState() {
    }

    /** The state of a local feed folder, or null for a URL or an unreadable folder. */
    static String of(String datafeed) {
        if (datafeed.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return null;
        }
        Path props = Path.of(datafeed).resolve("cache.properties");
        try {
            return Files.isRegularFile(props) ? Digests.sha256(props) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String recorded(Path dataDir, String datafeed) {
        return load(dataDir).getProperty(key(datafeed));
    }

    static void record(Path dataDir, String datafeed, String state) {
        Properties props = load(dataDir);
        props.setProperty(key(datafeed), state);
        try (OutputStream out = Files.newOutputStream(dataDir.resolve(FILE))) {
            props.store(out, "release-gates: cache.properties SHA-256 per feed at its last import");
        } catch (IOException e) {
            // without the record the next scan just checks the feed again
        }
    }

    private static Properties load(Path dataDir) {
        Properties props = new Properties();
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            try (InputStream in = RegularFiles.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                return new Properties();
            }
        }
        return props;
    }

    private static String key(String datafeed) {
        return Path.of(datafeed).toAbsolutePath().normalize().toString();
    }
}
