package io.releasegates.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.data.DataDir;
import io.releasegates.data.DataStatus;
import io.releasegates.data.DataUpdate;
import io.releasegates.data.Limits;
import io.releasegates.data.SourceResult;
import io.releasegates.fleet.PackageOrigin;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.duration.Ages;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import io.releasegates.signing.SecretInput;
import io.releasegates.scan.NvdApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code release-gates data update|status}: the advisory data (OSV archives, NVD) in a data dir, brought up to date. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Keep the advisory data up to date in a data dir: OSV's per-ecosystem archives and the NVD (docs/data.md).",
        subcommands = {DataCommand.Update.class, DataCommand.Status.class, CommandLine.HelpCommand.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --data-dir}, shared by both subcommands. */
    static final class DataDirOption {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "The data dir: DIR/osv/<ECOSYSTEM>/all.zip, DIR/nvd (what scan --data-dir takes), DIR/state.json "
                        + "(default: $XDG_CACHE_HOME or ~/.cache, then release-gates/data).")
        Path dir;

        DataDir dataDir() {
            return dir == null ? DataDir.defaultDir() : new DataDir(dir);
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Bring each source up to date: OSV archives with conditional requests (ETag / Last-Modified), checked "
                    + "before use and replaced atomically; NVD incrementally through the NVD API 2.0 into DIR/nvd.",
                    "A failed source keeps its old data and does not stop the others. Exit 0 all sources up to date, 1 any "
                    + "source failed (one line each on stderr), 2 bad options."})
    static final class Update implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption dataDir;

        @Option(names = "--osv-base-url", paramLabel = "URL",
                description = "Where the archives are, as <URL>/<ECOSYSTEM>/all.zip (default: osv.dev's public bucket, "
                        + "https://osv-vulnerabilities.storage.googleapis.com).")
        String osvBaseUrl;

        @Option(names = "--ecosystem", paramLabel = "E",
                description = "An OSV ecosystem to update (repeatable), e.g. Maven, Debian:12. Default: Maven and the Debian "
                        + "releases the fleet store's hosts report.")
        List<String> ecosystems = new ArrayList<>();

        @Option(names = "--store", paramLabel = "URL",
                description = "Fleet store whose Debian releases to update (default: the default store, when it exists).")
        String store;

        @Option(names = "--nvd-api-url", paramLabel = "URL",
                description = "NVD API 2.0 endpoint (a mirror or proxy) instead of NVD's own; a URL without a path gets /rest/json/cves/2.0.")
        String nvdApiUrl;

        @Option(names = "--nvd-api-key-env", paramLabel = "VAR",
                description = "Environment variable holding the NVD API key (its name). Never printed.")
        String nvdApiKeyEnv;

        @Option(names = "--nvd-api-key-file", paramLabel = "FILE", description = "As --nvd-api-key-env, with the key in this file (first line).")
        Path nvdApiKeyFile;

        @Option(names = "--no-nvd", description = "Leave the NVD data alone (OSV only).")
        boolean noNvd;

        @Option(names = "--timeout", paramLabel = "DURATION",
                description = "Longest silence from an OSV server before its download fails (default: 60s; durations as "
                        + "elsewhere, e.g. 90s, 2m). The whole download is bounded at 30m.")
        String timeout;

        @Override
        public Integer call() throws Exception {
            String apiKey = SecretInput.read(System.getenv(), nvdApiKeyEnv, nvdApiKeyFile, "--nvd-api-key");
            String endpoint = nvdApiUrl == null ? null : NvdApi.endpoint(nvdApiUrl, "--nvd-api-url");
            if (noNvd && (apiKey != null || endpoint != null)) {
                throw new BadInputException("--no-nvd with --nvd-api-url or an NVD key: choose one");
            }
            Limits limits = Limits.DEFAULT;
            if (timeout != null) {
                Duration idle = duration("--timeout", timeout);
                if (idle.isZero()) {
                    throw new BadInputException("--timeout: must be more than 0");
                }
                limits = new Limits(limits.connectTimeout(), idle, limits.totalTimeout(), limits.maxBytes(), limits.maxEntries(),
                        limits.maxUncompressed());
            }
            quietDependencyCheck();
            DataDir dir = dataDir.dataDir();
            List<String> wanted = ecosystems.isEmpty() ? fleetEcosystems() : ecosystems;
            DataUpdate.Request request = new DataUpdate.Request(dir, osvBaseUrl, wanted, !noNvd, apiKey, endpoint, limits, null);
            System.out.println("release-gates data update: " + dir.root() + " (OSV " + String.join(", ", request.ecosystems())
                    + (noNvd ? "" : "; NVD") + ")");
            if (!noNvd && apiKey == null) {
                System.out.println("note: no NVD API key (--nvd-api-key-env VAR): NVD's public rate limit makes a first NVD "
                        + "update take hours");
            }
            DataUpdate.Result result = apiKey == null ? run(request) : MaskingOutputStream.withMasked(apiKey, () -> run(request));
            long failed = result.sources().stream().filter(r -> !r.ok()).count();
            if (failed > 0) {
                System.err.println("release-gates: " + failed + " of " + result.sources().size()
                        + " sources failed; their old data is kept");
                return ExitCodes.FINDINGS;
            }
            return ExitCodes.OK;
        }

        /**
         * Dependency-Check logs each update step at INFO and a failed update at ERROR with its trace; each source's
         * outcome is our one line, so its own logging is off unless RELEASE_GATES_DEBUG is set.
         */
        private static void quietDependencyCheck() {
            boolean debug = System.getenv("RELEASE_GATES_DEBUG") != null;
            if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "info" : "warn");
            }
            if (!debug && System.getProperty("org.slf4j.simpleLogger.log.org.owasp.dependencycheck") == null) {
                System.setProperty("org.slf4j.simpleLogger.log.org.owasp.dependencycheck", "off");
            }
        }

        private static DataUpdate.Result run(DataUpdate.Request request) {
            return DataUpdate.run(request, r -> {
                if (r.ok()) {
                    System.out.println(r.line());
                } else {
                    System.err.println("release-gates: " + r.line());
                }
            });
        }

        /** Maven plus the store's Debian releases; the default store is read only when it exists (never created here). */
        private List<String> fleetEcosystems() {
            if (store == null && !Files.exists(FleetStores.defaultLocation().resolve("fleet.mv.db"))) {
                return List.of(DataUpdate.MAVEN);
            }
            try (FleetStore s = FleetStores.open(store)) {
                return DataUpdate.fleetEcosystems(s.origins().stream().map(PackageOrigin::distro).toList());
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Each source of the data dir: its age (since it was last confirmed current), record count and last error.",
                    "Exit 0, or 1 when --max-age is given and a source is older (or has no data or no known age)."})
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption dataDir;

        @Option(names = "--json", description = "JSON on stdout instead of lines.")
        boolean json;

        @Option(names = "--max-age", paramLabel = "DURATION",
                description = "Exit 1 when a source is older than this (e.g. 24h, 7d, 1d12h, P2D; as scan --max-data-age).")
        String maxAge;

        @Override
        public Integer call() throws Exception {
            Duration max = maxAge == null ? null : duration("--max-age", maxAge);
            DataDir dir = dataDir.dataDir();
            Instant now = Instant.now();
            List<DataStatus.Source> sources = DataStatus.of(dir, max, now);
            boolean stale = sources.stream().anyMatch(DataStatus.Source::stale) || max != null && sources.isEmpty();
            if (json) {
                System.out.println(Json.mapper().writeValueAsString(json(dir, max, now, sources, stale)));
            } else {
                System.out.println("Data dir " + dir.root() + ":");
                if (sources.isEmpty()) {
                    System.out.println("  no data yet: run release-gates data update");
                }
                sources.forEach(s -> System.out.println("  " + s.line(max)));
            }
            return stale ? ExitCodes.FINDINGS : ExitCodes.OK;
        }

        private static ObjectNode json(DataDir dir, Duration max, Instant now, List<DataStatus.Source> sources, boolean stale) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("dataDir", dir.root().toString());
            root.put("now", now.toString());
            root.put("maxAgeSeconds", max == null ? null : max.toSeconds());
            root.put("stale", stale);
            ArrayNode list = root.putArray("sources");
            for (DataStatus.Source s : sources) {
                ObjectNode o = list.addObject();
                o.put("source", s.source());
                o.put("path", s.path().toString());
                o.put("present", s.present());
                o.put("ageSeconds", s.age() == null ? null : s.age().toSeconds());
                o.put("age", s.age() == null ? null : Ages.format(s.age()));
                o.put("records", s.records());
                o.put("lastSuccess", s.lastSuccess() == null ? null : s.lastSuccess().toString());
                o.put("lastAttempt", s.lastAttempt() == null ? null : s.lastAttempt().toString());
                o.put("newest", s.newest() == null ? null : s.newest().toString());
                o.put("lastError", s.lastError());
                o.put("stale", s.stale());
            }
            return root;
        }
    }

    /** The project's one duration grammar ({@link Ages#parse}). */
    static Duration duration(String option, String text) {
        try {
            return Ages.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
    }
}
