package io.releasegates.integrity;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 */
public final class Signatures {
    public static final String FIELD = "signature";

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

    /** The exact bytes a signature covers: the canonical form of {@code document} without its signature member. */
    public static byte[] canonicalBytes(JsonNode document) {
        Objects.requireNonNull(document, "document");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            writeCanonical(document, g, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise document", e);
        }
        return out.toByteArray();
    }

    /** Writes members in name order; {@code top} skips the signature member without copying the document. */
    private static void writeCanonical(JsonNode node, JsonGenerator g, boolean top) throws IOException {
        if (node.isObject()) {
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
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                writeCanonical(item, g, false);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
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
        byte[] signature = key.sign(canonicalBytes(signed));
        ObjectNode sig = signed.putObject(FIELD);
        sig.put("algorithm", key.algorithm().label());
        sig.put("keyId", key.keyId());
        sig.put("value", Base64.getEncoder().encodeToString(signature));
        return signed;
    }

    /** Checks the signature member of {@code document} against {@code key}; never throws for a bad document. */
    public static Verification verify(JsonNode document, SigningKey key) {
        JsonNode sig = document == null ? null : document.get(FIELD);
        if (sig == null || sig.isNull()) {
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
        if (!key.verify(canonicalBytes(document), value)) {
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
            return parseObject(file, Files.readAllBytes(file));
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
