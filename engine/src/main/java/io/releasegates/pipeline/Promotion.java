package io.releasegates.pipeline;

import io.releasegates.gate.Condition;
import io.releasegates.gate.GateRequest;
import io.releasegates.gate.Status;
import io.releasegates.gate.Verdict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The promotion gate's verdict as a CI step shows it: status and counts for the build page, the verdict files by
 * format, and one line per reason. The step itself builds a {@link GateRequest} and judges with
 * {@link io.releasegates.gate.PromotionGate#judge}, as the CLI and {@code check} do; this is only its summary.
 *
 * @param verdict the engine's verdict
 * @param outputs status and counts for the build page, the verdict files by format
 * @param reasons one line per condition that made the verdict (empty on PASS)
 */
public record Promotion(Verdict verdict, StepOutputs outputs, List<String> reasons) {

    public Promotion {
        reasons = List.copyOf(reasons);
    }

    /** The summary of {@code verdict}, judged for {@code request}: its verdict files by their names. */
    public static Promotion of(GateRequest request, Verdict verdict) {
        Map<String, String> files = new LinkedHashMap<>();
        putName(files, "json", request.json());
        putName(files, "html", request.html());
        putName(files, "junit", request.junit());

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("block", verdict.count(Status.BLOCK));
        counts.put("warn", verdict.count(Status.WARN));
        counts.put("pass", verdict.count(Status.PASS));
        counts.put("waived", verdict.waived());
        boolean passed = verdict.status() == Status.PASS || (verdict.status() == Status.WARN && !request.warnFails());
        StepOutputs outputs = new StepOutputs("gate", "Promotion to " + verdict.environment(), passed, List.of(), counts,
                Map.of("evidence", (long) verdict.evidence().size()), files);
        return new Promotion(verdict, outputs, verdict.reasons().stream().map(Condition::describe).toList());
    }

    private static void putName(Map<String, String> files, String format, Path file) {
        if (file != null) {
            files.put(format, file.getFileName().toString());
        }
    }

    /** The verdict's word: PASS, WARN or BLOCK. */
    public String status() {
        return verdict.status().label();
    }
}
