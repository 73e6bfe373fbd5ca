package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.pipeline.StepOutputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job trend's columns and cells; no Jenkins needed for that. */
class GateTrendLabelTest {

    private static GateReportAction action(String gate, boolean passed, Map<String, Long> counts, Map<String, Long> summary,
                                           String verdict) {
        StepOutputs outputs = new StepOutputs(gate, gate + " of shop.war", passed, List.of(), counts, summary, Map.of());
        return new GateReportAction(gate, verdict == null ? new StepSummary(outputs)
                : new StepSummary(outputs, verdict, List.of()));
    }

    private static Map<String, Long> severities(long critical, long high) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("critical", critical);
        out.put("high", high);
        out.put("medium", 1L);
        return out;
    }

    @Test
    void shouldCountOnlyTheBlockingConditionsOfTheGate() {
        Map<String, Long> conditions = new LinkedHashMap<>();
        conditions.put("block", 18L);
        conditions.put("warn", 2L);
        conditions.put("pass", 14L);
        conditions.put("waived", 1L);
        GateReportAction gate = action("gate", false, conditions, Map.of("evidence", 3L), "BLOCK");

        assertThat(gate.getTrendLabel()).isEqualTo("BLOCK · 18 blocking");
        assertThat(gate.getHeadline()).isEqualTo("18 blocking, 2 warning, 1 waived of 34 conditions");
        assertThat(action("gate", true, Map.of("block", 0L, "warn", 0L, "pass", 34L), Map.of(), "PASS").getTrendLabel())
                .isEqualTo("PASS");
    }

    @Test
    void shouldSayHowManyComponentsAnInventoryFoundAndCountAScansFindings() {
        assertThat(action("inventory", true, severities(0, 0), Map.of("components", 15L), null).getTrendLabel())
                .isEqualTo("PASS · 15 components, 1 findings");
        assertThat(action("scan", false, severities(1, 4), Map.of("advisoryFindings", 6L), null).getTrendLabel())
                .isEqualTo("WARN · 6 findings");
    }

    @Test
    void shouldOrderTheColumnsAsThePipelineRanThem() {
        // oldest build first: a probe added later lands after the scan it followed, not at the end or alphabetically
        assertThat(GateTrendAction.pipelineOrder(List.of(
                List.of("inventory", "scan", "backups", "gate"),
                List.of("inventory", "scan", "probe", "backups", "gate"),
                List.of("inventory", "scan", "scan-2", "gate", "gate-2"))))
                .containsExactly("inventory", "scan", "scan-2", "probe", "backups", "gate", "gate-2");
    }
}
