package io.releasegates.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.releasegates.files.RegularFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON rendering of a {@link GateReport}, which is also the evidence the promotion gate reads.
 * The schema id is versioned (docs/evidence.md); readers refuse ids they do not know.
 *
 * <p>The reader is strict because the gate decides on what it reads: a member left out must never read as "clean"
 * (a missing {@code findings} would otherwise become an empty list), a duplicate key must not let a later value
 * shadow the one a person reviewed, and a severity is one of the enum's names, never a number.
 */
public final class EvidenceJson {
    public static final String SCHEMA = "release-gates/evidence/v1";
    /** The one top-level member that is not part of the report: the step's signature over the rest. */
    public static final String SIGNATURE = "signature";

    /**
     * Every member of the report types is required (records are read through their canonical constructor), unknown
     * members are refused, no duplicate keys, no numbers for enums, no trailing content.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EvidenceJson() {
    }

    /** The unsigned document as a tree (a signer adds its member to this). */
    public static ObjectNode tree(GateReport report) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", SCHEMA);
        root.setAll((ObjectNode) Json.mapper().valueToTree(report));
        return root;
    }

    public static String render(GateReport report) {
        return render(tree(report));
    }

    /** Pretty JSON of an evidence tree (signed or not). */
    public static String render(ObjectNode tree) {
        try {
            return Json.mapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render report as JSON", e);
        }
    }

    /** Reads evidence back strictly; one-line messages name the file and the problem. */
    public static GateReport read(Path file) throws IOException {
        return toReport(file, parse(file, RegularFiles.readNamed(file)));
    }

    /**
     * Parses {@code content} (read from {@code file}) as a JSON object with the strict parser (duplicate keys are
     * refused); the schema is not checked here.
     */
    public static ObjectNode parse(Path file, byte[] content) throws IOException {
        JsonNode root;
        try {
            root = STRICT.readTree(content);
        } catch (JacksonException e) {
            throw new IOException(file + ": not valid JSON (" + firstLine(e.getOriginalMessage()) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not a JSON object");
        }
        return (ObjectNode) root;
    }

    /** The report in an evidence tree parsed by {@link #parse}; the tree itself is not changed. */
    public static GateReport toReport(Path file, ObjectNode root) throws IOException {
        String schema = root.path("schema").asText("");
        if (!root.path("schema").isTextual() || !SCHEMA.equals(schema)) {
            throw new IOException(file + ": unknown evidence schema '" + schema + "' (expected " + SCHEMA + ")");
        }
        ObjectNode body = root.deepCopy();
        body.remove(List.of("schema", SIGNATURE));
        try {
            return STRICT.treeToValue(body, GateReport.class);
        } catch (JacksonException e) {
            throw new IOException(file + ": evidence does not match " + SCHEMA + " (" + describe(e) + ")", e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException(file + ": evidence does not match " + SCHEMA + " (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /** Jackson's message plus the JSON path of the offending member, on one line. */
    private static String describe(JacksonException e) {
        String path = "";
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    b.append('[').append(r.getIndex()).append(']');
                }
            }
            path = b + ": ";
        }
        return path + firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
