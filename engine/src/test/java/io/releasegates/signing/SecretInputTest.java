package io.releasegates.signing;

import io.releasegates.report.BadInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Credentials come from a variable or a regular file; every refusal names the source, never the value. */
class SecretInputTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReadTheVariableOrTheFirstLineOfTheFileTrimmed() throws IOException {
        assertThat(SecretInput.read(Map.of("NVD_API_KEY", " k-123 \n"), "NVD_API_KEY", null, "--nvd-api-key")).isEqualTo("k-123");
        Path file = Files.writeString(tmp.resolve("key"), "k-456\n");
        assertThat(SecretInput.read(Map.of(), null, file, "--nvd-api-key")).isEqualTo("k-456");
        assertThat(SecretInput.read(Map.of(), null, null, "--nvd-api-key")).isNull();
    }

    @Test
    void shouldRefuseAValueWhereAVariableNameBelongsWithoutEchoingIt() {
        assertThatThrownBy(() -> SecretInput.read(Map.of(), "7e57ab1e-1d2c-4b3a", null, "--nvd-api-key"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--nvd-api-key-env '7e57ab1e-1d2c-4b3a': not an environment variable name (give the "
                        + "variable's name, never the secret itself)");
    }

    @Test
    void shouldRefuseEmptyMultiLineAndOversizedFilesWithoutPrintingTheirContent() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty"), "  \n");
        Path lines = Files.writeString(tmp.resolve("lines"), "user:s3cret\nsecond-line\n");
        Path big = Files.writeString(tmp.resolve("big"), "x".repeat(20_000));

        assertThatThrownBy(() -> SecretInput.fromFile(empty, "--x-file")).hasMessage("--x-file " + empty + ": the file is empty");
        assertThatThrownBy(() -> SecretInput.fromFile(lines, "--x-file"))
                .hasMessage("--x-file " + lines + ": holds several lines; put only the secret in it");
        assertThatThrownBy(() -> SecretInput.fromFile(big, "--x-file"))
                .hasMessage("--x-file " + big + ": larger than 16 KiB, not a key file");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldRefuseAFifoInsteadOfBlockingOnIt() throws Exception {
        Path fifo = tmp.resolve("key.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();

        assertThatThrownBy(() -> SecretInput.fromFile(fifo, "--nvd-api-key-file"))
                .isInstanceOf(BadInputException.class).hasMessage("--nvd-api-key-file " + fifo + ": no such regular file");
    }
}
