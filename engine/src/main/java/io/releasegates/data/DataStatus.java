package io.releasegates.data;

import io.releasegates.duration.Ages;
import io.releasegates.scan.NvdData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code release-gates data status}: each source of a data dir, how old it is, how many records it holds and the last
 * error. A source's age counts from when it was last confirmed current (downloaded, or answered 304); for data that no
 * update recorded (an archive copied in, an NVD folder a scan filled) from the file's modification time.
 */
public final class DataStatus {
    /**
     * @param source      {@code osv/<ECOSYSTEM>} or {@code nvd}
     * @param path        the archive or the NVD folder
     * @param present     whether the data is there
     * @param age         since the data was last confirmed current; null when unknown (never updated, missing)
     * @param records     records it holds; null when unknown
     * @param lastSuccess the last successful update; null when none is recorded
     * @param lastAttempt the last update attempt; null when none is recorded
     * @param newest      the newest record's time (OSV) or the NVD data's last-modified date; null when unknown
     * @param lastError   the last attempt's error; null when it succeeded
     * @param stale       older than the maximum age asked for, missing, or of unknown age (false when none was asked)
     */
    public record Source(String source, Path path, boolean present, Duration age, Long records, Instant lastSuccess,
                         Instant lastAttempt, Instant newest, String lastError, boolean stale) {

        /** One line: {@code osv/Maven: 2h 5m old, 1234 records, newest …; last error: …; STALE (older than 7d)}. */
        public String line(Duration maxAge) {
            StringBuilder b = new StringBuilder(source).append(": ");
            if (!present) {
                b.append("no data");
            } else {
                b.append(age == null ? "age unknown" : Ages.format(age) + " old")
                        .append(", ").append(records == null ? "?" : records).append(" records");
                if (newest != null) {
                    b.append(", newest ").append(newest);
                }
            }
            if (lastError != null) {
                b.append("; last update failed").append(lastAttempt == null ? "" : " at " + lastAttempt).append(": ").append(lastError);
            }
            if (stale) {
                b.append("; STALE (").append(present && age != null ? "older than " + Ages.format(maxAge) : "no known age").append(')');
            }
            return b.toString();
        }
    }

    private DataStatus() {
    }

    /** Every source the data dir has data or state for: OSV ecosystems by name, then NVD. */
    public static List<Source> of(DataDir dir, Duration maxAge, Instant now) {
        DataState state = DataState.read(dir.stateFile());
        TreeSet<String> ecosystems = new TreeSet<>();
        state.sources().keySet().stream().filter(s -> s.startsWith(DataDir.OSV_PREFIX))
                .forEach(s -> ecosystems.add(s.substring(DataDir.OSV_PREFIX.length())));
        ecosystems.addAll(archivesOnDisk(dir));
        List<Source> out = new ArrayList<>();
        for (String ecosystem : ecosystems) {
            Path archive = dir.osvDir().resolve(ecosystem).resolve("all.zip");
            SourceState s = state.get(DataDir.osvSource(ecosystem));
            boolean present = Files.isRegularFile(archive);
            Instant since = s.lastSuccess() != null ? s.lastSuccess() : modified(archive).orElse(null);
            out.add(source(DataDir.osvSource(ecosystem), archive, present, since, s.records(), s, s.newest(), maxAge, now));
        }
        SourceState s = state.get(DataDir.NVD);
        Optional<NvdData.Status> nvd;
        try {
            nvd = NvdData.status(dir.nvdDir());
        } catch (io.releasegates.report.BadInputException e) {
            // an unreadable database is this source's problem, not the whole status's
            nvd = Optional.empty();
            s = s.error() != null ? s : s.failed(s.lastAttempt(), e.getMessage());
        }
        if (nvd.isPresent() || s.error() != null || state.sources().containsKey(DataDir.NVD)) {
            Instant since = s.lastSuccess() != null ? s.lastSuccess()
                    : nvd.isPresent() ? modified(dir.nvdDatabase()).orElse(null) : null;
            out.add(source(DataDir.NVD, dir.nvdDir(), nvd.isPresent(), since, nvd.map(NvdData.Status::records).orElse(null),
                    s, nvd.flatMap(NvdData.Status::asOf).orElse(null), maxAge, now));
        }
        return List.copyOf(out);
    }

    private static Source source(String name, Path path, boolean present, Instant since, Long records, SourceState s,
                                 Instant newest, Duration maxAge, Instant now) {
        Duration age = present && since != null ? Duration.between(since, now) : null;
        boolean stale = maxAge != null && (age == null || age.compareTo(maxAge) > 0);
        return new Source(name, path, present, age, present ? records : null, s.lastSuccess(), s.lastAttempt(),
                present ? newest : null, s.error(), stale);
    }

    private static List<String> archivesOnDisk(DataDir dir) {
        try {
            return dir.osvArchives().stream().map(a -> a.getParent().getFileName().toString()).toList();
        } catch (io.releasegates.report.BadInputException e) {
            return List.of(); // listed from state.json alone
        }
    }

    private static Optional<Instant> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
