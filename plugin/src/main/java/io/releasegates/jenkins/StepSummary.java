package io.releasegates.jenkins;

import io.releasegates.pipeline.StepOutputs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent sends back to the controller after a gate ran: small numbers and file names only, never the report
 * itself (that stays in the workspace and is copied to the build directory as a file).
 */
public final class StepSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    final String gate;
    final String title;
    final boolean passed;
    final ArrayList<String> errors;
    final LinkedHashMap<String, Long> counts;
    final LinkedHashMap<String, Long> summary;
    final LinkedHashMap<String, String> files;
    /** PASS, WARN or BLOCK for the promotion gate; null for the other gates. */
    final String verdict;
    /** One line per reason of a WARN or BLOCK verdict. */
    final ArrayList<String> reasons;

    StepSummary(StepOutputs outputs, String verdict, List<String> reasons) {
        this.gate = outputs.gate();
        this.title = outputs.title();
        this.passed = outputs.passed();
        this.errors = new ArrayList<>(outputs.errors());
        this.counts = new LinkedHashMap<>(outputs.counts());
        this.summary = new LinkedHashMap<>(outputs.summary());
        this.files = new LinkedHashMap<>(outputs.files());
        this.verdict = verdict;
        this.reasons = new ArrayList<>(reasons);
    }

    StepSummary(StepOutputs outputs) {
        this(outputs, null, List.of());
    }

    /** The value a step returns to the Pipeline script (only Strings, numbers, booleans, lists and maps). */
    Map<String, Object> toScriptValue() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gate", gate);
        out.put("passed", passed);
        if (verdict != null) {
            out.put("verdict", verdict);
            out.put("reasons", new ArrayList<>(reasons));
        }
        out.put("counts", new LinkedHashMap<>(counts));
        out.put("summary", new LinkedHashMap<>(summary));
        out.put("errors", new ArrayList<>(errors));
        return out;
    }
}
