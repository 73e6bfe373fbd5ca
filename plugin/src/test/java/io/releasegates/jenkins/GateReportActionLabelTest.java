package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The build page shows the engine's summary keys as words; no Jenkins needed for that. */
class GateReportActionLabelTest {

    @Test
    void shouldTurnSummaryKeysIntoReadableLabels() {
        assertThat(GateReportAction.label("advisoryFindings")).isEqualTo("advisory findings");
        assertThat(GateReportAction.label("rejectedFuzzyCpe")).isEqualTo("rejected fuzzy CPE");
        assertThat(GateReportAction.label("textFilesScanned")).isEqualTo("text files scanned");
        assertThat(GateReportAction.label("components")).isEqualTo("components");
    }
}
