package io.releasegates.integrity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.signing.Signatures;
import io.releasegates.signing.SigningKey;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A {@link Baseline} as a file: read and validated, written atomically, signed with {@link Signatures} over the
 * canonical form {@link BaselineJson} makes. Apart from the record, so that the record does not depend on its own
 * codec (which depends on the record).
 */
public final class BaselineFile {
    private BaselineFile() {
    }

    /** Writes the baseline, signed when a key is given; written atomically so a crash never leaves half a file. */
    public static void write(Baseline baseline, Path file, SigningKey key) throws IOException {
        JsonNode signature = key == null ? null : Signatures.signatureMember(signedDigest(baseline), key);
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                BaselineJson.write(baseline, signature, out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** SHA-256 of the canonical form, which the signature signs (see {@link Signatures}). */
    public static byte[] signedDigest(Baseline baseline) {
        return Digests.newDigest("SHA-256").digest(BaselineJson.canonical(baseline));
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
                signedDigest = BaselineFile.signedDigest(baseline);
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
        if (!Baseline.FORMAT.equals(baseline.format())) {
            throw new BadInputException(file + ": unknown baseline format '" + baseline.format() + "' (expected " + Baseline.FORMAT + ")");
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
