package io.releasegates.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.RegularFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON rendering of a {@link GateReport}, which is also the evidence the promotion gate reads.
 * The schema id is versioned (docs/evidence.md); readers refuse ids they do not know.
 */
public final class EvidenceJson {
    public static final String SCHEMA = "release-gates/evidence/v1";

    private EvidenceJson() {
    }

    public static String render(GateReport report) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", SCHEMA);
        root.setAll((ObjectNode) Json.mapper().valueToTree(report));
        try {
            return Json.mapper().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render report as JSON", e);
        }
    }

    /** Reads evidence back; one-line messages name the file and the problem. */
    public static GateReport read(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(RegularFiles.readNamed(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not a JSON object");
        }
        String schema = root.path("schema").asText("");
        if (!SCHEMA.equals(schema)) {
            throw new IOException(file + ": unknown evidence schema '" + schema + "' (expected " + SCHEMA + ")");
        }
        ((ObjectNode) root).remove("schema");
        try {
            return Json.mapper().treeToValue(root, GateReport.class);
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new IOException(file + ": evidence does not match " + SCHEMA + " (" + e.getMessage() + ")", e);
        }
    }
}
