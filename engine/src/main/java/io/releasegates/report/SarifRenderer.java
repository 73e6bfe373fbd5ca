package io.releasegates.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** SARIF 2.1.0: one rule per rule id, one result per finding, location = path inside the package or tree. */
public final class SarifRenderer {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final String INFO_URI = "https://github.com/release-gates/release-gates/blob/main/docs/rules.md";

    private SarifRenderer() {
    }

    public static String render(GateReport report) {
        var mapper = Json.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "release-gates " + report.gate());
        driver.put("semanticVersion", report.toolVersion());
        driver.put("informationUri", INFO_URI);

        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode rules = driver.putArray("rules");
        for (Finding f : report.findings()) {
            if (ruleIndex.containsKey(f.ruleId())) {
                continue;
            }
            ruleIndex.put(f.ruleId(), ruleIndex.size());
            ObjectNode rule = rules.addObject();
            rule.put("id", f.ruleId());
            rule.putObject("shortDescription").put("text", f.title());
            rule.putObject("defaultConfiguration").put("level", level(f.severity()));
            ObjectNode props = rule.putObject("properties");
            props.put("security-severity", securitySeverity(f));
            props.putArray("tags").add("security").add(report.gate());
        }

        ArrayNode results = run.putArray("results");
        for (Finding f : report.findings()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", f.ruleId());
            result.put("ruleIndex", ruleIndex.get(f.ruleId()));
            result.put("level", level(f.severity()));
            result.putObject("message").put("text", f.message().isEmpty() ? f.title() : f.message());
            String path = f.location().isEmpty() ? f.subject() : f.location();
            if (!path.isEmpty()) {
                result.putArray("locations").addObject().putObject("physicalLocation")
                        .putObject("artifactLocation").put("uri", path);
            }
            ObjectNode props = result.putObject("properties");
            props.put("severity", f.severity().label());
            if (!f.subject().isEmpty()) {
                props.put("subject", f.subject());
            }
            f.properties().forEach(props::put);
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", report.errors().isEmpty());
        ArrayNode notes = invocation.putArray("toolExecutionNotifications");
        report.errors().forEach(e -> notes.addObject().put("level", "error").putObject("message").put("text", e));
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render SARIF", e);
        }
    }

    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** GitHub-style numeric severity: the CVSS score when the finding has one, else a representative value. */
    private static String securitySeverity(Finding f) {
        String cvss = f.properties().get("cvssScore");
        if (cvss != null) {
            return cvss;
        }
        return switch (f.severity()) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "2.0";
            case INFO -> "0.0";
        };
    }
}
