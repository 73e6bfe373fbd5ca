package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import io.releasegates.signing.Signatures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.ToolVersion;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    /** A baseline as read, before its signature is judged. */
    public static final class Loaded {
        private final Baseline baseline;
        private final JsonNode signature;
        private final byte[] bytes;
        private String sha256;
        private byte[] signedDigest;

        Loaded(Baseline baseline, JsonNode signature, byte[] bytes) {
            this.baseline = baseline;
            this.signature = signature;
            this.bytes = bytes;
        }

        public Baseline baseline() {
            return baseline;
        }

        /** The signature member; null when the file is unsigned. */
        public JsonNode signature() {
            return signature;
        }

        /**
         * SHA-256 of the file's bytes as read, for the report's inputs. Computed on first use, which a check makes
         * after its tree walk: by then the JIT has compiled the digest code, which in a fresh JVM hashes megabytes
         * of baseline many times slower.
         */
        public synchronized String sha256() {
            if (sha256 == null) {
                sha256 = Digests.sha256(bytes);
            }
            return sha256;
        }

        /** Checks the signature with {@code key}; the canonical form is only computed when the key matches. */
        public Signatures.Verification verify(SigningKey key) {
            return Signatures.verify(signature, this::signedDigest, key);
        }

        /**
         * Computes the digest a signature would cover ahead of {@link #verify}, e.g. on a thread that would otherwise
         * wait: serialising tens of thousands of entries again takes a fresh JVM a noticeable moment.
         */
        Loaded prepareVerification() {
            if (signature != null) {
                signedDigest();
            }
            return this;
        }

        private synchronized byte[] signedDigest() {
            if (signedDigest == null) {
                signedDigest = baseline.signedDigest();
            }
            return signedDigest.clone();
        }
    }

    /** Reads and validates a baseline file; anything unusable is bad input naming the file. */
    public static Loaded read(Path file) {
        return parse(file, bytes(file));
    }

    static byte[] bytes(Path file) {
        try {
            return RegularFiles.readNamed(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such baseline file", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read baseline (" + TreeScanner.describe(e) + ")", e);
        }
    }

    /**
     * The filter the baseline recorded, read from its header only, so that a check can walk the tree while the
     * entries are still being parsed; empty when only the full parse can tell.
     */
    static Optional<PathFilter> filterAhead(byte[] bytes) {
        try {
            return BaselineJson.globsAhead(bytes).map(g -> new PathFilter(g.get(0), g.get(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Validates a baseline file's bytes; anything unusable is bad input naming the file. */
    static Loaded parse(Path file, byte[] bytes) {
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
        return new Loaded(baseline, parsed.signature(), bytes);
    }
}
