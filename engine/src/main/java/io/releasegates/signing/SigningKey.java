package io.releasegates.signing;

import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key that signs or verifies release-gates documents (integrity baselines, promotion verdicts).
 *
 * <p>Key files, all text, all interoperable with OpenSSL:
 * <ul>
 *   <li>Ed25519 private key: PEM {@code PRIVATE KEY} (PKCS#8), as {@code openssl genpkey -algorithm ed25519} writes;
 *       signs and verifies.</li>
 *   <li>Ed25519 public key: PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), as {@code openssl pkey -pubout}
 *       writes; verifies only, so a checking host never holds the power to re-sign.</li>
 *   <li>HMAC-SHA256 secret: at least 32 bytes as hex on one line, as {@code openssl rand -hex 32} writes.</li>
 * </ul>
 * The key id names a key without revealing it, so that a signature made with another key is told apart from a
 * forged one.
 */
public final class SigningKey {
    /** Signature algorithms; the label is what signed documents carry. */
    public enum Algorithm {
        ED25519("Ed25519"), HMAC_SHA256("HMAC-SHA256");

        private final String label;

        Algorithm(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Algorithm fromLabel(String label) {
            for (Algorithm a : values()) {
                if (a.label.equalsIgnoreCase(label)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown signature algorithm '" + label + "' (expected Ed25519 or HMAC-SHA256)");
        }
    }

    private static final int MIN_HMAC_BYTES = 32;
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final Algorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] secret;
    private final String keyId;

    private SigningKey(Algorithm algorithm, PrivateKey privateKey, PublicKey publicKey, byte[] secret) {
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.secret = secret == null ? null : secret.clone();
        this.keyId = algorithm == Algorithm.ED25519
                ? "ed25519:" + Digests.sha256(publicKey.getEncoded()).substring(0, 16)
                : "hmac-sha256:" + HexFormat.of().formatHex(hmac(this.secret, "release-gates key id".getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    /** A fresh Ed25519 key pair from the JDK's own provider. */
    public static SigningKey generateEd25519() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKey(Algorithm.ED25519, pair.getPrivate(), pair.getPublic(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JVM", e);
        }
    }

    /** A fresh 32-byte HMAC-SHA256 secret. */
    public static SigningKey generateHmac() {
        byte[] secret = new byte[MIN_HMAC_BYTES];
        new SecureRandom().nextBytes(secret);
        return new SigningKey(Algorithm.HMAC_SHA256, null, null, secret);
    }

    /** An HMAC key from raw secret bytes (at least 32). */
    public static SigningKey hmac(byte[] secret) {
        if (secret == null || secret.length < MIN_HMAC_BYTES) {
            throw new IllegalArgumentException("an HMAC-SHA256 key needs at least " + MIN_HMAC_BYTES + " bytes");
        }
        return new SigningKey(Algorithm.HMAC_SHA256, null, null, secret);
    }

    /** What the errors of {@link #load} tell people a key file must hold. */
    static final String KEY_FILE_CONTENT = "a key file holds an Ed25519 key as PEM text (-----BEGIN PRIVATE KEY----- or "
            + "-----BEGIN PUBLIC KEY-----, as 'release-gates integrity keygen' writes) or an HMAC-SHA256 secret of at least "
            + MIN_HMAC_BYTES + " bytes as hex digits";
    private static final long MAX_KEY_FILE_BYTES = 64 * 1024;

    /**
     * Reads a key file in one of the formats above.
     *
     * @throws BadInputException naming the file when it is missing or in no known format (never echoing its content)
     */
    public static SigningKey load(Path file) {
        String text;
        try {
            if (!Files.exists(file)) {
                throw new BadInputException(file + ": key file not found");
            }
            if (Files.isRegularFile(file) && Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new BadInputException(file + ": " + Files.size(file) + " bytes is too large for a key file; "
                        + KEY_FILE_CONTENT);
            }
            byte[] bytes = RegularFiles.readNamed(file);
            for (byte b : bytes) {
                // a DER file, a keystore or the wrong file: say what belongs in a key file, not a charset error
                if (b < 0x09 || b > 0x7e || (b > 0x0d && b < 0x20)) {
                    throw new BadInputException(file + ": not a key file (binary content); " + KEY_FILE_CONTENT);
                }
            }
            text = new String(bytes, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException(file + ": cannot read key file (" + e.getClass().getSimpleName() + ")", e);
        }
        return parse(text, file.toString());
    }

    /**
     * A key file's content in one of the formats above, read from somewhere other than a file (e.g. a Jenkins Secret
     * file credential, which never lands on disk); {@code source} names it in errors.
     *
     * @throws BadInputException naming {@code source} when the content is in no known format (never echoing it)
     */
    public static SigningKey parse(byte[] content, String source) {
        return parse(new String(content, StandardCharsets.US_ASCII), source);
    }

    private static SigningKey parse(String content, String file) {
        String text = content.trim();
        try {
            Matcher pem = PEM.matcher(text);
            if (pem.find()) {
                byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
                return switch (pem.group(1)) {
                    case "PRIVATE KEY" -> fromPrivate(der);
                    case "PUBLIC KEY" -> new SigningKey(Algorithm.ED25519, null,
                            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)), null);
                    default -> throw new BadInputException(file + ": unsupported PEM block '" + pem.group(1)
                            + "' (expected an Ed25519 PRIVATE KEY or PUBLIC KEY)");
                };
            }
            if (HEX.matcher(text).matches() && text.length() % 2 == 0) {
                byte[] secret = HexFormat.of().parseHex(text);
                if (secret.length < MIN_HMAC_BYTES) {
                    throw new BadInputException(file + ": HMAC key is " + secret.length + " bytes, need at least "
                            + MIN_HMAC_BYTES);
                }
                return new SigningKey(Algorithm.HMAC_SHA256, null, null, secret);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BadInputException(file + ": not a valid Ed25519 key (" + e.getClass().getSimpleName() + ")", e);
        }
        throw new BadInputException(file + ": not a key file; " + KEY_FILE_CONTENT);
    }

    /**
     * The JDK cannot derive an Ed25519 public key from a private one directly; generating a pair from the private
     * seed yields it, and comparing the regenerated private key proves the derivation matched.
     */
    private static SigningKey fromPrivate(byte[] der) throws GeneralSecurityException {
        PrivateKey loaded = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        byte[] seed = ((EdECPrivateKey) loaded).getBytes()
                .orElseThrow(() -> new InvalidKeyException("Ed25519 private key without seed bytes"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
        KeyPair pair = generator.generateKeyPair();
        byte[] regenerated = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
        if (!MessageDigest.isEqual(seed, regenerated)) {
            throw new InvalidKeyException("cannot derive the Ed25519 public key");
        }
        return new SigningKey(Algorithm.ED25519, loaded, pair.getPublic(), null);
    }

    /** Feeds a known seed to the key pair generator; used only to re-derive a public key. */
    private static final class FixedSeed extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected seed request of " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** Short public name of the key: {@code ed25519:<16 hex>} or {@code hmac-sha256:<16 hex>}. */
    public String keyId() {
        return keyId;
    }

    /** False for an Ed25519 public key, which can only verify. */
    public boolean canSign() {
        return algorithm == Algorithm.HMAC_SHA256 || privateKey != null;
    }

    /** The verifying half: an Ed25519 public key, or the same HMAC key (HMAC has no public half). */
    public SigningKey verifier() {
        return algorithm == Algorithm.ED25519 ? new SigningKey(algorithm, null, publicKey, null) : this;
    }

    public byte[] sign(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (algorithm == Algorithm.HMAC_SHA256) {
            return hmac(secret, data);
        }
        if (privateKey == null) {
            throw new IllegalStateException("key " + keyId + " is a public key: it can verify but not sign");
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Constant-time for HMAC; false (never an exception) for a signature of the wrong length or shape. */
    public boolean verify(byte[] data, byte[] signature) {
        if (data == null || signature == null) {
            return false;
        }
        if (algorithm == Algorithm.HMAC_SHA256) {
            return MessageDigest.isEqual(hmac(secret, data), signature);
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey);
            s.update(data);
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification failed", e);
        }
    }

    /** Writes the signing half: PKCS#8 PEM or hex secret, readable by the owner only where the OS allows. */
    public void writePrivate(Path file) throws IOException {
        if (!canSign()) {
            throw new IllegalStateException("key " + keyId + " has no private half");
        }
        String text = algorithm == Algorithm.HMAC_SHA256
                ? HexFormat.of().formatHex(secret) + "\n"
                : pem("PRIVATE KEY", privateKey.getEncoded());
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Files.deleteIfExists(abs);
        try {
            Files.createFile(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(abs);
        }
        Files.writeString(abs, text, StandardCharsets.US_ASCII);
    }

    /** Writes the Ed25519 public key as PEM; HMAC keys have no public half. */
    public void writePublic(Path file) throws IOException {
        if (algorithm != Algorithm.ED25519) {
            throw new IllegalStateException("HMAC keys have no public half: share the secret file itself");
        }
        Files.writeString(file, pem("PUBLIC KEY", publicKey.getEncoded()), StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "SigningKey[" + keyId + (canSign() ? ", can sign" : ", verify only") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && k.keyId.equals(keyId) && k.canSign() == canSign();
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {keyId, canSign()});
    }
}
