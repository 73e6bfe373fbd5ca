package io.releasegates.scan;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fingerprints of found secrets: HMAC-SHA-256 keyed with a per-installation secret, so that two findings of one
 * secret can be told apart from others (and waived) without the fingerprint being a hash anyone can brute-force
 * back to a short password. The key, in order:
 * <ol>
 *   <li>{@code RELEASE_GATES_FINGERPRINT_KEY}: the key itself (at least 16 characters), for CI agents that must agree;</li>
 *   <li>{@code RELEASE_GATES_FINGERPRINT_KEY_FILE}: a file holding it;</li>
 *   <li>{@code $XDG_CONFIG_HOME/release-gates/fingerprint.key} (else {@code ~/.config/release-gates/fingerprint.key}),
 *       32 random bytes created on first use, readable by its owner only (folder 0700, file 0600).</li>
 * </ol>
 */
final class Fingerprints {
    static final String KEY_ENV = "RELEASE_GATES_FINGERPRINT_KEY";
    static final String KEY_FILE_ENV = "RELEASE_GATES_FINGERPRINT_KEY_FILE";
    private static final int HEX_CHARS = 16;
    private static volatile byte[] installationKey;

    private final byte[] key;

    Fingerprints(byte[] key) {
        this.key = key.clone();
    }

    /** The installation's fingerprints (the key is read or created once per process). */
    static Fingerprints installation() {
        byte[] k = installationKey;
        if (k == null) {
            synchronized (Fingerprints.class) {
                if (installationKey == null) {
                    installationKey = loadKey();
                }
                k = installationKey;
            }
        }
        return new Fingerprints(k);
    }

    /** First {@value #HEX_CHARS} hex characters of HMAC-SHA-256(key, value). */
    String of(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))).substring(0, HEX_CHARS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] loadKey() {
        String value = System.getenv(KEY_ENV);
        if (value != null && !value.isBlank()) {
            if (value.strip().length() < 16) {
                throw new BadInputException(KEY_ENV + ": the fingerprint key must have at least 16 characters");
            }
            return value.strip().getBytes(StandardCharsets.UTF_8);
        }
        String file = System.getenv(KEY_FILE_ENV);
        return readOrCreate(file != null && !file.isBlank() ? Path.of(file) : defaultLocation());
    }

    /** {@code $XDG_CONFIG_HOME/release-gates/fingerprint.key}, else {@code ~/.config/release-gates/fingerprint.key}. */
    static Path defaultLocation() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("release-gates").resolve("fingerprint.key");
    }

    /** Reads the key at {@code file}, creating it (owner-only) when missing; concurrent first uses agree on one key. */
    static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length < 16) {
                throw new BadInputException(file + ": the fingerprint key must hold at least 16 bytes");
            }
            return key;
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read or create the fingerprint key (" + e.getMessage() + ")", e);
        }
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        // written whole under a temporary name, then linked into place: a reader never sees a half-written key, and
        // of two processes creating it at once, the first link wins and the other reads that one
        Path tmp = posix ? Files.createTempFile(dir, ".fingerprint", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".fingerprint", ".tmp");
        try {
            Files.write(tmp, key);
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
