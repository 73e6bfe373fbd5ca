package io.releasegates.pipeline;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.gate.Verdict;
import io.releasegates.gate.VerdictHtml;
import io.releasegates.gate.VerdictJson;
import io.releasegates.report.BadInputException;
import io.releasegates.report.EvidenceJson;
import io.releasegates.report.HtmlPage;
import io.releasegates.report.HtmlRenderer;
import io.releasegates.report.Json;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A CI step's stored JSON (a gate's evidence or the promotion gate's verdict) rendered again as an HTML fragment, for
 * a CI server that shows it inside its own pages. Rendering from the JSON on the server, rather than embedding the
 * HTML file the step left in a workspace, means every value passes the engine's escaping there: a workspace file
 * changed by a build script cannot put markup into the server's pages.
 */
public final class ReportPages {
    private ReportPages() {
    }

    /**
     * @param json   the evidence ({@value EvidenceJson#SCHEMA}) or verdict ({@value VerdictJson#SCHEMA}) file
     * @param passed for evidence: whether the step passed its threshold (PASS, else WARN); unused for a verdict
     * @throws BadInputException one line naming the file when it cannot be read or is neither document
     */
    public static HtmlPage.Fragment render(Path json, boolean passed) {
        byte[] content;
        try {
            content = RegularFiles.readNamed(json);
        } catch (IOException e) {
            throw new BadInputException(json + ": cannot read (" + e.getMessage() + ")", e);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(content);
        } catch (JacksonException e) {
            throw new BadInputException(json + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(json + ": cannot read (" + e.getMessage() + ")", e);
        }
        String schema = root == null ? "" : root.path("schema").asText("");
        if (VerdictJson.SCHEMA.equals(schema)) {
            Verdict verdict = VerdictJson.fromTree(json, (ObjectNode) root);
            // the key id the verdict names; the verdict's own step wrote and signed it, so it is as sure as the verdict
            String signedBy = root.path(EvidenceJson.SIGNATURE).path("keyId").asText("");
            return new HtmlPage.Fragment(VerdictHtml.title(verdict), VerdictHtml.body(verdict, signedBy));
        }
        if (EvidenceJson.SCHEMA.equals(schema)) {
            try {
                var report = EvidenceJson.toReport(json, EvidenceJson.parse(json, content));
                return new HtmlPage.Fragment(report.title(), HtmlRenderer.body(report, passed));
            } catch (IOException e) {
                throw new BadInputException(e.getMessage(), e);
            }
        }
        throw new BadInputException(json + ": neither gate evidence nor a verdict (schema '" + schema + "')");
    }
}
