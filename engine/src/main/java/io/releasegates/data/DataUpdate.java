package io.releasegates.data;

import io.releasegates.report.BadInputException;
import io.releasegates.scan.OsvArchives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code release-gates data update}: each source brought up to date on its own (a failed one keeps its old data and
 * does not stop the others), state.json written after each, one update per data dir at a time.
 */
public final class DataUpdate {
    /** The Maven ecosystem, always updated by default: releases are Java. */
    public static final String MAVEN = "Maven";

    /**
     * The settings' keys (the CLI's flags are {@code --} and the key): what errors name
     * ({@link BadInputException#ofSettings}).
     */
    public static final String ECOSYSTEM = "ecosystem";
    public static final String NO_NVD = "no-nvd";
    public static final String OSV_BASE_URL = "osv-base-url";

    /**
     * @param dir        the data dir
     * @param osvBaseUrl osv.dev's bucket or a mirror laid out like it (null: osv.dev's)
     * @param ecosystems OSV ecosystems to update (may be empty)
     * @param nvd        whether to update NVD
     * @param nvdApiKey  NVD API key (null: none)
     * @param nvdApiUrl  NVD API 2.0 endpoint, already checked (null: NVD's own)
     * @param limits     timeouts and size bounds of the OSV downloads
     * @param clock      "now" for the state
     */
    public record Request(DataDir dir, String osvBaseUrl, List<String> ecosystems, boolean nvd, String nvdApiKey,
                          String nvdApiUrl, Limits limits, Clock clock) {
        public Request {
            Objects.requireNonNull(dir, "dir");
            osvBaseUrl = OsvSource.baseUrl(osvBaseUrl == null ? OsvSource.DEFAULT_BASE_URL : osvBaseUrl);
            ecosystems = List.copyOf(new LinkedHashSet<>(ecosystems.stream().map(DataDir::ecosystem).toList()));
            limits = limits == null ? Limits.DEFAULT : limits;
            clock = clock == null ? Clock.systemUTC() : clock;
        }

        /** As the record's, with the key masked. */
        @Override
        public String toString() {
            return "Request[dir=" + dir + ", osvBaseUrl=" + osvBaseUrl + ", ecosystems=" + ecosystems + ", nvd=" + nvd
                    + ", nvdApiKey=" + (nvdApiKey == null ? null : "*****") + ", nvdApiUrl=" + nvdApiUrl + ", limits=" + limits + "]";
        }
    }

    /** @param sources each source's result, in update order */
    public record Result(List<SourceResult> sources) {
        public Result {
            sources = List.copyOf(sources);
        }

        public boolean ok() {
            return sources.stream().allMatch(SourceResult::ok);
        }
    }

    private DataUpdate() {
    }

    /**
     * {@code Maven} and the osv.dev ecosystem of each Debian release the hosts reported (their packages' purl
     * {@code distro} qualifiers, {@code PackageOrigin.distro}), in order; unknown releases skipped.
     */
    public static List<String> fleetEcosystems(Collection<String> distros) {
        Set<String> debian = new TreeSet<>();
        for (String distro : distros) {
            OsvArchives.debianEcosystem(distro).ifPresent(debian::add);
        }
        List<String> out = new ArrayList<>();
        out.add(MAVEN);
        out.addAll(debian);
        return List.copyOf(out);
    }

    /** Runs the update; {@code progress} hears of each source as it finishes. */
    public static Result run(Request request, Consumer<SourceResult> progress) {
        DataDir dir = request.dir();
        if (request.ecosystems().isEmpty() && !request.nvd()) {
            throw BadInputException.ofSettings("nothing to update: no {0} and {1}", ECOSYSTEM, NO_NVD);
        }
        try {
            Files.createDirectories(dir.root());
        } catch (IOException e) {
            throw new BadInputException(dir.root() + ": cannot create the data dir (" + e.getMessage() + ")", e);
        }
        try (FileChannel lockFile = FileChannel.open(dir.root().resolve("update.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(lockFile);
            if (lock == null) {
                throw new BadInputException(dir.root() + ": another data update is running on this data dir");
            }
            try (lock) {
                return runLocked(request, progress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir.root() + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static Result runLocked(Request request, Consumer<SourceResult> progress) throws IOException {
        DataDir dir = request.dir();
        DataState state = DataState.read(dir.stateFile());
        List<SourceResult> results = new ArrayList<>();
        for (String ecosystem : request.ecosystems()) {
            String source = DataDir.osvSource(ecosystem);
            SourceResult r = OsvSource.update(dir, ecosystem, request.osvBaseUrl(), state.get(source), request.limits(),
                    request.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            state = record(dir, state, r);
            results.add(r);
            progress.accept(r);
        }
        if (request.nvd()) {
            SourceResult r = NvdSource.update(dir, request.nvdApiKey(), request.nvdApiUrl(), state.get(DataDir.NVD),
                    request.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            state = record(dir, state, r);
            results.add(r);
            progress.accept(r);
        }
        return new Result(results);
    }

    private static DataState record(DataDir dir, DataState state, SourceResult r) throws IOException {
        DataState next = state.with(r.source(), r.state());
        next.write(dir.stateFile());
        return next;
    }
}
