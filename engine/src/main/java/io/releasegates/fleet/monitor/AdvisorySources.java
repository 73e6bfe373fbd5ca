package io.releasegates.fleet.monitor;

import io.releasegates.data.DataDir;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.scan.ScanRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The advisory data a monitor pass matches against: the OSV archives and NVD database of a data dir (its layout is
 * {@link DataDir}'s, shared with {@code release-gates data update}), or explicit {@code --osv} sources and
 * {@code --nvd-records} for tests.
 *
 * @param osv        OSV archives or folders, in a stable order
 * @param nvdDataDir Dependency-Check's data folder; null when there is no NVD data
 * @param nvdRecords NVD CVE records to import into {@code nvdDataDir} first; null for none
 */
public record AdvisorySources(List<Path> osv, Path nvdDataDir, Path nvdRecords) {
    public AdvisorySources {
        osv = List.copyOf(osv);
    }

    /**
     * @param dataDir    the data dir, or null
     * @param osvSources explicit OSV sources (folders or zips), added to the data dir's
     * @param nvdRecords explicit NVD records; they need a data dir to import into ({@code DIR/nvd}, or a work folder)
     * @param workDir    where records are imported when there is no data dir
     */
    public static AdvisorySources resolve(Path dataDir, List<Path> osvSources, Path nvdRecords, Path workDir) {
        List<Path> osv = new ArrayList<>();
        Path nvd = null;
        if (dataDir != null) {
            if (!Files.isDirectory(dataDir)) {
                throw new BadInputException(dataDir + ": data dir not found (release-gates data update creates it)");
            }
            DataDir layout = new DataDir(dataDir);
            osv.addAll(layout.osvArchives());
            if (Files.isRegularFile(layout.nvdDatabase()) || nvdRecords != null) {
                nvd = layout.nvdDir();
            }
        }
        for (Path p : osvSources) {
            if (!Files.exists(p)) {
                throw new BadInputException(p + ": OSV data not found");
            }
            osv.add(p);
        }
        if (nvdRecords != null) {
            if (!Files.isDirectory(nvdRecords)) {
                throw new BadInputException(nvdRecords + ": NVD records folder not found");
            }
            if (nvd == null) {
                nvd = workDir;
            }
        }
        if (osv.isEmpty() && nvd == null) {
            throw BadInputException.ofSettings((dataDir == null ? "no advisory data" : dataDir + ": no advisory data (no osv/<ECOSYSTEM>/all.zip"
                    + " and no nvd/" + DataDir.NVD_DATABASE + ")") + "; give {0} DIR (release-gates data update) or {1} DIR|ZIP",
                    ScanRequest.DATA_DIR, ScanRequest.OSV);
        }
        return new AdvisorySources(osv, nvd, nvdRecords);
    }

    /** What a pass reports as its data: the sources, named. */
    public String description() {
        List<String> parts = new ArrayList<>();
        osv.forEach(p -> parts.add("osv " + p));
        if (nvdDataDir != null) {
            parts.add("nvd " + (nvdRecords != null ? nvdRecords : nvdDataDir));
        }
        return String.join(", ", parts);
    }

    /**
     * Identifies the data without reading it: each source file's path, size and modification time (folders: every
     * file in them). A data update replaces files atomically, which changes at least the time; the same data gives
     * the same fingerprint, so passes over it are recognisably "no data change".
     */
    public String fingerprint() {
        StringBuilder s = new StringBuilder();
        List<Path> roots = new ArrayList<>(osv);
        if (nvdRecords != null) {
            roots.add(nvdRecords);
        } else if (nvdDataDir != null) {
            roots.add(nvdDataDir.resolve(DataDir.NVD_DATABASE));
        }
        for (Path root : roots) {
            try (Stream<Path> files = Files.isDirectory(root) ? Files.walk(root, 6) : Stream.of(root)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    s.append(f).append('\u0000').append(Files.size(f)).append('\u0000')
                            .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
                }
            } catch (IOException e) {
                throw new BadInputException(root + ": cannot read the advisory data (" + e.getMessage() + ")", e);
            }
        }
        return Digests.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
