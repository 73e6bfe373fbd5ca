package io.releasegates.integrity;

import io.releasegates.report.ToolVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded state of a tree; read, written and signed as a JSON file by {@link BaselineFile}.
 *
 * @param format      {@value #FORMAT}; readers refuse other values
 * @param createdAt   when the tree was read
 * @param toolVersion release-gates version that wrote it
 * @param root        directory that was read (for people; a check may read a copy elsewhere)
 * @param includes    include globs in force (signed, so they cannot be widened unnoticed)
 * @param excludes    exclude globs in force
 * @param entries     every recorded path, sorted
 * @param severities  alert severities by path for {@code integrity watch} (signed; written only when there are any,
 *                    so baselines without them keep their canonical form)
 */
public record Baseline(String format, Instant createdAt, String toolVersion, String root, List<String> includes,
                       List<String> excludes, List<TreeEntry> entries, List<SeverityRule> severities) {
    public static final String FORMAT = "release-gates/integrity-baseline/v1";

    public Baseline {
        includes = List.copyOf(includes == null ? List.of() : includes);
        excludes = List.copyOf(excludes == null ? List.of() : excludes);
        entries = List.copyOf(entries == null ? List.of() : entries);
        severities = List.copyOf(severities == null ? List.of() : severities);
    }

    public Baseline(String format, Instant createdAt, String toolVersion, String root, List<String> includes,
                    List<String> excludes, List<TreeEntry> entries) {
        this(format, createdAt, toolVersion, root, includes, excludes, entries, List.of());
    }

    /** This baseline with other entries, re-dated now: what approving a change records. */
    public Baseline withEntries(List<TreeEntry> newEntries) {
        return new Baseline(format, Instant.now(), ToolVersion.get(), root, includes, excludes, newEntries, severities);
    }

    /** This baseline with alert severities by path. */
    public Baseline withSeverities(List<SeverityRule> rules) {
        return new Baseline(format, createdAt, toolVersion, root, includes, excludes, entries, rules);
    }

    public static Baseline of(TreeSnapshot snapshot, PathFilter filter) {
        return new Baseline(FORMAT, Instant.now(), ToolVersion.get(), snapshot.root().toString(), filter.includes(),
                filter.excludes(), List.copyOf(snapshot.entries().values()));
    }

    public PathFilter filter() {
        return new PathFilter(includes, excludes);
    }

    public Map<String, TreeEntry> byPath() {
        Map<String, TreeEntry> map = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach(e -> map.put(e.path(), e));
        return map;
    }
}
