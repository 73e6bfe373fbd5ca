package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoBackupSetTest {
    @TempDir
    Path tmp;

    @Test
    void shouldGenerateASetThatPassesAndTurnsStaleWithTime() throws IOException {
        Instant now = Instant.now();
        Path config = DemoBackupSet.create(tmp.resolve("demo"), now);
        BackupConfig loaded = BackupConfigLoader.load(config);

        GateReport fresh = new BackupVerifier(Map.of()).verify(loaded, now, null);
        GateReport later = new BackupVerifier(Map.of()).verify(loaded, now.plus(Duration.ofDays(2)), null);

        assertThat(fresh.findings()).isEmpty();
        assertThat(fresh.summary()).containsEntry("copiesReachable", 3L).containsEntry("files", 42L);
        assertThat(fresh.inputs()).first().satisfies(i -> assertThat(i.sha256()).hasSize(64));
        assertThat(later.findings()).extracting(f -> f.ruleId()).containsOnly("RG-BAK-STALE");
        assertThat(tmp.resolve("demo/drill-state.json")).exists();
    }
}
