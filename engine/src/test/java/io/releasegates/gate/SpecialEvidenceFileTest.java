package io.releasegates.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.releasegates.report.EvidenceJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FIFO in the evidence folder used to hang the gate in its blocking open: now it is a problem, never read. */
class SpecialEvidenceFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldReportAFifoInTheEvidenceFolderInsteadOfWaitingOnIt() throws Exception {
        Files.writeString(dir.resolve("inventory.json"), EvidenceJson.render(Scenario.clean("inventory").build()),
                StandardCharsets.UTF_8);
        Path fifo = dir.resolve("scan.json");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        EvidenceSet set = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> EvidenceSet.load(dir));

        assertThat(set.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.ruleId()).isEqualTo(GateRuleIds.EVIDENCE_UNREADABLE);
            assertThat(problem.message()).contains("scan.json").contains("a FIFO (named pipe)");
        });
    }
}
