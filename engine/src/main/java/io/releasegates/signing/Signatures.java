package io.releasegates.signing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs and verifies JSON documents with a {@link SigningKey}, for every record that must not be edited unnoticed
 * (integrity baselines, promotion verdicts).
 *
 * <p>A signed document is the document itself plus one top-level member {@value #FIELD}:
 * {@code {"algorithm": "Ed25519", "keyId": "ed25519:…", "value": "<base64>"}}. The signature covers the
 * canonical form of the document without that member: UTF-8, no insignificant whitespace, object members sorted by
 * name (UTF-16 code unit order, as RFC 8785), arrays in order, strings and numbers as Jackson writes them. Pretty
 * printing, key order and a re-save therefore never break a signature; any change of a value does.
 *
 * <p>What is signed is the 32-byte SHA-256 digest of that canonical form (hash-then-sign, as for detached file
 * signatures): large documents are hashed once, with the CPU's SHA instructions, instead of being fed through
 * Ed25519's internal SHA-512. To check a signature by hand:
 * {@code openssl dgst -sha256 -binary canonical.json > d && openssl pkeyutl -verify -pubin -inkey key.pub -rawin
 * -in d -sigfile sig.bin}.
 */
public final class Signatures {
    public static final String FIELD = "signature";
    /** A bare factory: the shared mapper would switch on pretty printing inside writeTree. */
    private static final JsonFactory CANONICAL = new JsonFactory();

    private Signatures() {
    }

    /** Outcome of {@link #verify}; only {@link Status#VALID} means the document is as signed. */
    public enum Status {
        /** Signed by this key and unchanged since. */
        VALID,
        /** No signature member at all. */
        UNSIGNED,
        /** A signature member that is not an object with algorithm, keyId and base64 value. */
        MALFORMED,
        /** Signed by another key or algorithm: it cannot be checked with the key given. */
        OTHER_KEY,
        /** Signed by this key, but the content or the signature was changed afterwards. */
        INVALID
    }

    /**
     * @param status    the outcome
     * @param algorithm algorithm label the document claims (empty when unsigned or malformed)
     * @param keyId     key id the document claims (empty when unsigned or malformed)
     * @param message   one line for people
     */
    public record Verification(Status status, String algorithm, String keyId, String message) {
        public boolean valid() {
            return status == Status.VALID;
        }
    }

    /** The canonical form of {@code document} without its signature member, whose SHA-256 is signed. */
    public static byte[] canonicalBytes(JsonNode document) {
        Objects.requireNonNull(document, "document");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = CANONICAL.createGenerator(out)) {
            writeCanonical(document, g, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise document", e);
        }
        return out.toByteArray();
    }

    /** The message a signature is made over: SHA-256 of the canonical form. */
    public static byte[] signedDigest(JsonNode document) {
        return Digests.newDigest("SHA-256").digest(canonicalBytes(document));
    }

    /** Writes members in name order; {@code top} skips the signature member without copying the document. */
    private static void writeCanonical(JsonNode node, JsonGenerator g, boolean top) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(names::add);
                names.sort(null);
                g.writeStartObject();
                for (String name : names) {
                    if (top && FIELD.equals(name)) {
                        continue;
                    }
                    g.writeFieldName(name);
                    writeCanonical(node.get(name), g, false);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : node) {
                    writeCanonical(item, g, false);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> writeNumber(node, g);
            case BINARY -> g.writeBinary(node.binaryValue());
            case POJO -> throw new IllegalArgumentException("cannot sign a document holding a raw object: convert it to JSON first");
        }
    }

    private static void writeNumber(JsonNode node, JsonGenerator g) throws IOException {
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                g.writeNumber(node.longValue());
            } else {
                g.writeNumber(node.bigIntegerValue());
            }
        } else if (node.isBigDecimal()) {
            g.writeNumber(node.decimalValue());
        } else {
            g.writeNumber(node.doubleValue());
        }
    }

    /** Any Jackson-serialisable value (a record, a map, a tree) as a signed JSON object. */
    public static ObjectNode sign(Object value, SigningKey key) {
        // the caller's tree is never changed; a tree made here from a value needs no copy
        JsonNode tree = value instanceof JsonNode n ? n.deepCopy() : Json.mapper().valueToTree(value);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("only JSON objects can be signed");
        }
        ObjectNode signed = (ObjectNode) tree;
        signed.remove(FIELD);
        signed.set(FIELD, signatureMember(signedDigest(signed), key));
        return signed;
    }

    /**
     * The signature member for a document whose {@link #signedDigest} is {@code digest}, for writers that stream
     * their documents and compute the canonical form themselves.
     */
    public static ObjectNode signatureMember(byte[] digest, SigningKey key) {
        ObjectNode sig = Json.mapper().createObjectNode();
        sig.put("algorithm", key.algorithm().label());
        sig.put("keyId", key.keyId());
        sig.put("value", Base64.getEncoder().encodeToString(key.sign(digest)));
        return sig;
    }

    /** Checks the signature member of {@code document} against {@code key}; never throws for a bad document. */
    public static Verification verify(JsonNode document, SigningKey key) {
        JsonNode sig = document == null ? null : document.get(FIELD);
        return verify(sig, () -> signedDigest(document), key);
    }

    /**
     * Checks a signature member against the digest of the content it claims to sign, for readers that stream their
     * documents; {@code digest} is only computed when the member names this key.
     */
    public static Verification verify(JsonNode sig, java.util.function.Supplier<byte[]> digest, SigningKey key) {
        if (sig == null || sig.isNull() || sig.isMissingNode()) {
            return new Verification(Status.UNSIGNED, "", "", "document is not signed");
        }
        if (!sig.isObject() || !sig.path("algorithm").isTextual() || !sig.path("keyId").isTextual()
                || !sig.path("value").isTextual()) {
            return new Verification(Status.MALFORMED, "", "", "signature member is malformed");
        }
        String algorithm = sig.get("algorithm").asText();
        String keyId = sig.get("keyId").asText();
        byte[] value;
        try {
            value = Base64.getDecoder().decode(sig.get("value").asText());
        } catch (IllegalArgumentException e) {
            return new Verification(Status.MALFORMED, algorithm, keyId, "signature value is not base64");
        }
        if (!algorithm.equalsIgnoreCase(key.algorithm().label()) || !keyId.equals(key.keyId())) {
            return new Verification(Status.OTHER_KEY, algorithm, keyId,
                    "signed with " + algorithm + " key " + keyId + ", not with the given key " + key.keyId());
        }
        if (!key.verify(digest.get(), value)) {
            return new Verification(Status.INVALID, algorithm, keyId,
                    "signature does not match the content: the document was changed after signing");
        }
        return new Verification(Status.VALID, algorithm, keyId, "signed by " + keyId);
    }

    /** Signs {@code value} and writes it pretty-printed; the signature survives the formatting. */
    public static void writeSigned(Object value, SigningKey key, Path file) throws IOException {
        io.releasegates.report.ReportWriter.writeAtomically(file, Json.mapper().writeValueAsString(sign(value, key)));
    }

    /** Reads a JSON object from {@code file}; a file that is not a JSON object is bad input naming the file. */
    public static ObjectNode readObject(Path file) {
        try {
            return parseObject(file, RegularFiles.readNamed(file));
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + firstLine(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    /** Parses {@code content} read from {@code file} (named in errors) as a JSON object. */
    public static ObjectNode parseObject(Path file, byte[] content) {
        try {
            JsonNode node = Json.mapper().readTree(content);
            if (node == null || !node.isObject()) {
                throw new BadInputException(file + ": not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
