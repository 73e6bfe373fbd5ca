package io.releasegates.data;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The layout of a data dir, the one place that knows it, for {@code data update}, {@code data status} and
 * {@code monitor} ({@code fleet.monitor.AdvisorySources}):
 * {@code DIR/osv/<ECOSYSTEM>/all.zip} (osv.dev's bucket layout, e.g. {@code osv/Maven/all.zip},
 * {@code osv/Debian:12/all.zip}), {@code DIR/nvd/} (Dependency-Check's NVD data folder, what {@code scan --data-dir}
 * takes) and {@code DIR/state.json} (each source's ETag, Last-Modified, last success, last attempt and error).
 *
 * @param root the data dir
 */
public record DataDir(Path root) {
    /** The OSV sources' names in state.json and in messages are {@code osv/<ECOSYSTEM>}; NVD's is this. */
    public static final String NVD = "nvd";
    public static final String OSV_PREFIX = "osv/";
    /** Dependency-Check's database file in {@link #nvdDir}: there is NVD data when it exists. */
    public static final String NVD_DATABASE = "odc.mv.db";
    /**
     * osv.dev's ecosystem names ({@code Maven}, {@code Debian:12}, {@code Ubuntu:22.04:LTS}, {@code crates.io},
     * {@code GitHub Actions}): a name is both a folder and a URL path segment here, so nothing that could leave the
     * folder ({@code /}, {@code \}, a leading dot) and nothing a URL would need more than a space escaped for.
     */
    private static final Pattern ECOSYSTEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+ -]{0,63}");

    public DataDir {
        Objects.requireNonNull(root, "root");
    }

    /** {@code $XDG_CACHE_HOME/release-gates/data}, else {@code ~/.cache/release-gates/data}: all of it can be fetched again. */
    public static DataDir defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new DataDir(cache.resolve("release-gates").resolve("data"));
    }

    public Path osvDir() {
        return root.resolve("osv");
    }

    /** {@code DIR/osv/<ECOSYSTEM>/all.zip}; the name is checked first ({@link #ecosystem}). */
    public Path osvArchive(String ecosystem) {
        return osvDir().resolve(ecosystem(ecosystem)).resolve("all.zip");
    }

    /** Dependency-Check's NVD data folder: give it to {@code scan --data-dir}. */
    public Path nvdDir() {
        return root.resolve("nvd");
    }

    /** {@code DIR/nvd/odc.mv.db}. */
    public Path nvdDatabase() {
        return nvdDir().resolve(NVD_DATABASE);
    }

    /**
     * The OSV archives there are, {@code DIR/osv/<ECOSYSTEM>/all.zip}, in path order (a stable order for
     * fingerprints and reports); none when there is no {@code osv} folder.
     *
     * @throws BadInputException naming the folder when it cannot be listed
     */
    public List<Path> osvArchives() {
        if (!Files.isDirectory(osvDir())) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> ecosystems = Files.list(osvDir())) {
            return ecosystems.map(e -> e.resolve("all.zip")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(osvDir() + ": cannot list the OSV ecosystems (" + e.getMessage() + ")", e);
        }
    }

    public Path stateFile() {
        return root.resolve("state.json");
    }

    /** The ecosystem name, checked: a bad one is bad input naming it. */
    public static String ecosystem(String name) {
        String n = name == null ? "" : name.strip();
        if (!ECOSYSTEM.matcher(n).matches() || n.contains("..")) {
            throw BadInputException.ofSettings("{0} '" + name + "': not an osv.dev ecosystem name (e.g. Maven, Debian:12)",
                    DataUpdate.ECOSYSTEM);
        }
        return n;
    }

    /** The state.json key of an OSV ecosystem. */
    public static String osvSource(String ecosystem) {
        return OSV_PREFIX + ecosystem;
    }
}
