package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backups gate's request: its own copy of the environment, which never shows in its text. */
class BackupsRequestTest {
    @TempDir
    Path tmp;

    @Test
    void shouldNeverPrintTheEnvironmentItCarriesPasswordsIn() {
        BackupsRequest request = new BackupsRequest(Path.of("backups.yml"), null, null, Map.of("RESTIC_PW", "hunter2-secret"));
        assertThat(request.toString()).doesNotContain("hunter2-secret").doesNotContain("RESTIC_PW")
                .contains("backups.yml").contains("1 variable(s)");
    }

    @Test
    void shouldCopyTheEnvironmentAndDefaultToThisProcess() {
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        BackupsRequest request = new BackupsRequest(Path.of("backups.yml"), null, null, env);
        env.put("B", "2");
        assertThat(request.environment()).containsOnlyKeys("A");
        assertThat(BackupsRequest.of(Path.of("backups.yml")).environment()).isEqualTo(System.getenv());
    }

    @Test
    void shouldReadTheConfigStrictlyThroughTheEntryPoint() throws Exception {
        Path config = Files.writeString(tmp.resolve("backups.yml"), "backup-sets: []\n");
        assertThatThrownBy(() -> BackupVerifier.verify(BackupsRequest.of(config)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(config + ":").hasMessageContaining("backup-sets");
        assertThatThrownBy(() -> new BackupsRequest(null, null, null, null)).isInstanceOf(NullPointerException.class);
    }
}
