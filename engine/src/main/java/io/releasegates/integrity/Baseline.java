package io.releasegates.integrity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Digests;
import io.releasegates.report.ToolVersion;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

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

    public Map<String, TreeEntry> byPath() {
        Map<String, TreeEntry> map = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach(e -> map.put(e.path(), e));
        return map;
    }

    /** Writes the baseline, signed when a key is given; written atomically so a crash never leaves half a file. */
    public void write(Path file, SigningKey key) throws IOException {
        JsonNode signature = key == null ? null : Signatures.signatureMember(signedDigest(), key);
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                BaselineJson.write(this, signature, out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** SHA-256 of the canonical form, which the signature signs (see {@link Signatures}). */
    public byte[] signedDigest() {
        return Digests.newDigest("SHA-256").digest(BaselineJson.canonical(this));
    }

    /**
     * A baseline as read, before its signature is judged.
     *
     * @param signature the signature member; null when the file is unsigned
     * @param sha256    of the file's bytes as read, for the report's inputs
     */
    public record Loaded(Baseline baseline, JsonNode signature, String sha256) {
        /** Checks the signature with {@code key}; the canonical form is only computed when the key matches. */
        public Signatures.Verification verify(SigningKey key) {
            return Signatures.verify(signature, baseline::signedDigest, key);
        }
    }

    /** Reads and validates a baseline file; anything unusable is bad input naming the file. */
    public static Loaded read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read baseline (" + TreeScanner.describe(e) + ")", e);
        }
        BaselineJson.Parsed parsed;
        try {
            parsed = BaselineJson.read(bytes);
        } catch (IOException | IllegalArgumentException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new BadInputException(file + ": not an integrity baseline (" + reason + ")", e);
        }
        Baseline baseline = parsed.baseline();
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
        return new Loaded(baseline, parsed.signature(), Digests.sha256(bytes));
    }
}
