package io.releasegates.integrity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Digests;
import io.releasegates.report.Json;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.ToolVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The recorded state of a tree, written as JSON and signed with {@link Signatures}.
 *
 * @param format      {@value #FORMAT}; readers refuse other values
 * @param createdAt   when the tree was read
 * @param toolVersion release-gates version that wrote it
 * @param root        directory that was read (for people; a check may read a copy elsewhere)
 * @param includes    include globs in force (signed, so they cannot be widened unnoticed)
 * @param excludes    exclude globs in force
 * @param entries     every recorded path, sorted
 */
public record Baseline(String format, Instant createdAt, String toolVersion, String root, List<String> includes,
                       List<String> excludes, List<TreeEntry> entries) {
    public static final String FORMAT = "release-gates/integrity-baseline/v1";

    public Baseline {
        includes = List.copyOf(includes == null ? List.of() : includes);
        excludes = List.copyOf(excludes == null ? List.of() : excludes);
        entries = List.copyOf(entries == null ? List.of() : entries);
    }

    public static Baseline of(TreeSnapshot snapshot, PathFilter filter) {
        return new Baseline(FORMAT, Instant.now(), ToolVersion.get(), snapshot.root().toString(), filter.includes(),
                filter.excludes(), List.copyOf(snapshot.entries().values()));
    }

    public PathFilter filter() {
        return new PathFilter(includes, excludes);
    }

    public SortedMap<String, TreeEntry> byPath() {
        SortedMap<String, TreeEntry> map = new TreeMap<>();
        entries.forEach(e -> map.put(e.path(), e));
        return map;
    }

    /** Writes the baseline, signed when a key is given; written atomically so a crash never leaves half a file. */
    public void write(Path file, SigningKey key) throws IOException {
        ObjectNode out = key == null ? Json.mapper().valueToTree(this) : Signatures.sign(this, key);
        ReportWriter.writeAtomically(file, Json.mapper().writeValueAsString(out) + "\n");
    }

    /**
     * A baseline document as read, before its signature is judged.
     *
     * @param sha256 of the file's bytes as read, for the report's inputs
     */
    public record Loaded(Baseline baseline, ObjectNode document, String sha256) {
    }

    /** Reads and validates a baseline file; anything unusable is bad input naming the file. */
    public static Loaded read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read baseline (" + TreeScanner.describe(e) + ")", e);
        }
        ObjectNode document = Signatures.parseObject(file, bytes);
        Baseline baseline;
        try {
            // the signature member is not a Baseline property: the mapper skips it, no copy needed
            baseline = Json.mapper().treeToValue(document, Baseline.class);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new BadInputException(file + ": not an integrity baseline (" + TreeScanner.describe(e) + ")", e);
        }
        if (!FORMAT.equals(baseline.format())) {
            throw new BadInputException(file + ": unknown baseline format '" + baseline.format() + "' (expected " + FORMAT + ")");
        }
        for (TreeEntry e : baseline.entries()) {
            if (e.path().isEmpty() || e.path().startsWith("/") || ("/" + e.path() + "/").contains("/../")) {
                throw new BadInputException(file + ": baseline path '" + e.path() + "' is not relative to the tree");
            }
        }
        try {
            baseline.filter();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
        return new Loaded(baseline, document, Digests.sha256(bytes));
    }
}
