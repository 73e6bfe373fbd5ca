package io.releasegates.gate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The verdict as JSON (schema {@value #SCHEMA}, docs/evidence.md), optionally signed. */
public final class VerdictJson {
    public static final String SCHEMA = "release-gates/verdict/v1";

    private VerdictJson() {
    }

    public static ObjectNode tree(Verdict verdict) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", SCHEMA);
        root.setAll((ObjectNode) Json.mapper().valueToTree(verdict));
        ObjectNode counts = root.putObject("counts");
        counts.put("block", verdict.count(Status.BLOCK));
        counts.put("warn", verdict.count(Status.WARN));
        counts.put("pass", verdict.count(Status.PASS));
        counts.put("waived", verdict.waived());
        counts.put("skipped", verdict.count(Status.SKIPPED));
        return root;
    }

    /** Pretty JSON; signed when a signer that can sign is given. */
    public static String render(Verdict verdict, VerdictSigner signer) {
        ObjectNode tree = tree(verdict);
        if (signer != null) {
            tree = signer.sign(tree);
        }
        try {
            return Json.mapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render verdict as JSON", e);
        }
    }

    /** Reads the raw document (for signature checks) of a verdict file. */
    public static ObjectNode readTree(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(RegularFiles.readNamed(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": verdict file not found");
        } catch (JacksonException e) {
            throw new BadInputException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read verdict (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + ": not a JSON object");
        }
        String schema = root.path("schema").asText("");
        if (!SCHEMA.equals(schema)) {
            throw new BadInputException(file + ": unknown verdict schema '" + schema + "' (expected " + SCHEMA + ")");
        }
        return (ObjectNode) root;
    }

    public static Verdict fromTree(Path file, ObjectNode tree) {
        ObjectNode copy = tree.deepCopy();
        copy.remove(java.util.List.of("schema", "signature", "counts"));
        try {
            return Json.mapper().treeToValue(copy, Verdict.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new BadInputException(file + ": verdict does not match " + SCHEMA + " (" + e.getMessage() + ")", e);
        }
    }
}
