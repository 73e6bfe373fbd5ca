package io.releasegates.scan;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to scan and with which data; build one with {@link #builder(Path)} and pass it to {@link PackageScanner#scan}.
 *
 * <p>Vulnerability data: at least one of an NVD data feed ({@code nvdDatafeed}: a Dependency-Check data-feed URL or
 * folder), NVD records to lay out as such a feed ({@code nvdRecords}: a folder of NVD API 2.0 CVE JSON files, as the
 * bundled sample advisories in {@code test-fixtures/advisories/nvd}), an NVD API key or API URL (online update from
 * the NVD API 2.0 or a mirror of it), an NVD
 * database already in {@code dataDir} from an earlier run, or OSV advisories ({@code osv}: folder or zip). The demo
 * uses {@code nvdRecords = test-fixtures/advisories/nvd} and {@code osv = test-fixtures/advisories/osv}.
 *
 * @param packagePath  WAR, EAR, JAR, fat jar, ZIP, TAR(.GZ) or a directory
 * @param nvdDatafeed  Dependency-Check data-feed URL or folder; null for none
 * @param nvdRecords   folder of NVD CVE records to lay out as a data feed; null for none
 * @param nvdApiKey    NVD API key for an online update; null for none
 * @param nvdApiUrl    NVD API 2.0 endpoint (a mirror or proxy) for an online update; null for NVD's own
 * @param dataDir      where Dependency-Check keeps its database (reused between runs)
 * @param osv          OSV folder or zip; null for none
 * @param suppressions Dependency-Check suppression XML; null for none
 * @param waivers      waiver YAML; null for none
 * @param maxDataAge   data older than this is reported (RG-SCAN-DATA-STALE); null to not check
 * @param allowGlobs   paths that are never risky files
 * @param denyGlobs    further paths that are risky files (RG-SCAN-RISKY-DENIED)
 * @param mavenRepo    Maven repository for SHA-1 identification of metadata-less jars; null for the default
 * @param clock        "now" for data age and waiver expiry
 * @param checksumSearch a repository manager's SHA-1 search for jars neither metadata nor the Maven repository
 *                     identify; null for none
 */
public record ScanRequest(Path packagePath, String nvdDatafeed, Path nvdRecords, String nvdApiKey, String nvdApiUrl, Path dataDir,
                          Path osv, Path suppressions, Path waivers, Duration maxDataAge, List<String> allowGlobs,
                          List<String> denyGlobs, Path mavenRepo, Clock clock,
                          io.releasegates.inventory.RepositorySearch checksumSearch) {
    /**
     * The settings' keys, as {@code check.yml} names them (the CLI's flags are {@code --} and the key): what the
     * scan's errors and findings name ({@link io.releasegates.report.BadInputException#ofSettings}).
     */
    public static final String NVD_API_URL = "nvd-api-url";
    public static final String NVD_DATAFEED = "nvd-datafeed";
    public static final String NVD_RECORDS = "nvd-records";
    public static final String NVD_API_KEY = "nvd-api-key";
    public static final String OSV = "osv";
    public static final String DATA_DIR = "data-dir";
    public static final String MAX_DATA_AGE = "max-data-age";


    public ScanRequest {
        Objects.requireNonNull(packagePath, "packagePath");
        dataDir = dataDir == null ? defaultDataDir() : dataDir;
        allowGlobs = List.copyOf(allowGlobs == null ? List.of() : allowGlobs);
        denyGlobs = List.copyOf(denyGlobs == null ? List.of() : denyGlobs);
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** As the record's, with the API key masked: a request may end up in a log or an error message. */
    @Override
    public String toString() {
        return "ScanRequest[packagePath=" + packagePath + ", nvdDatafeed=" + nvdDatafeed + ", nvdRecords=" + nvdRecords
                + ", nvdApiKey=" + (nvdApiKey == null ? null : "*****") + ", nvdApiUrl=" + nvdApiUrl + ", dataDir=" + dataDir
                + ", osv=" + osv + ", suppressions=" + suppressions + ", waivers=" + waivers + ", maxDataAge=" + maxDataAge
                + ", allowGlobs=" + allowGlobs + ", denyGlobs=" + denyGlobs + ", mavenRepo=" + mavenRepo + ", clock=" + clock
                + ", checksumSearch=" + checksumSearch + "]";
    }

    public static Builder builder(Path packagePath) {
        return new Builder(packagePath);
    }

    /** {@code $XDG_CACHE_HOME/release-gates/dependency-check}, else {@code ~/.cache/release-gates/dependency-check}. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("release-gates").resolve("dependency-check");
    }

    /** Optional fields default to "none"; the data dir to {@link #defaultDataDir()}. */
    public static final class Builder {
        private final Path packagePath;
        private String nvdDatafeed;
        private Path nvdRecords;
        private String nvdApiKey;
        private String nvdApiUrl;
        private Path dataDir;
        private Path osv;
        private Path suppressions;
        private Path waivers;
        private Duration maxDataAge;
        private final List<String> allowGlobs = new ArrayList<>();
        private final List<String> denyGlobs = new ArrayList<>();
        private Path mavenRepo;
        private Clock clock;
        private io.releasegates.inventory.RepositorySearch checksumSearch;

        private Builder(Path packagePath) {
            this.packagePath = packagePath;
        }

        public Builder nvdDatafeed(String value) {
            nvdDatafeed = value;
            return this;
        }

        public Builder nvdRecords(Path value) {
            nvdRecords = value;
            return this;
        }

        public Builder nvdApiKey(String value) {
            nvdApiKey = value;
            return this;
        }

        /** An NVD API 2.0 endpoint or a mirror's base URL (checked by {@link NvdApi#endpoint}). */
        public Builder nvdApiUrl(String value) {
            nvdApiUrl = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder osv(Path value) {
            osv = value;
            return this;
        }

        public Builder suppressions(Path value) {
            suppressions = value;
            return this;
        }

        public Builder waivers(Path value) {
            waivers = value;
            return this;
        }

        public Builder maxDataAge(Duration value) {
            maxDataAge = value;
            return this;
        }

        public Builder allow(List<String> globs) {
            allowGlobs.addAll(globs);
            return this;
        }

        public Builder deny(List<String> globs) {
            denyGlobs.addAll(globs);
            return this;
        }

        public Builder mavenRepo(Path value) {
            mavenRepo = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** A checksum search for jars without Maven metadata (null: none). */
        public Builder checksumSearch(io.releasegates.inventory.RepositorySearch value) {
            checksumSearch = value;
            return this;
        }

        public ScanRequest build() {
            return new ScanRequest(packagePath, nvdDatafeed, nvdRecords, nvdApiKey, nvdApiUrl, dataDir, osv, suppressions, waivers,
                    maxDataAge, allowGlobs, denyGlobs, mavenRepo, clock, checksumSearch);
        }
    }
}
