package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan whose NVD database another process holds gets one line naming the file and what to do, no stack trace. */
class NvdDatabaseLockTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories");

    @TempDir
    Path dataDir;

    @Test
    void shouldNameTheLockedDatabaseFileAndWhatToDoInOneLine() throws Exception {
        ScanRequest request = ScanRequest.builder(FIXTURES.resolve("sample-vulnerable.war"))
                .nvdRecords(ADVISORIES.resolve("nvd")).dataDir(dataDir).build();
        PackageScanner.scan(request);
        String base = dataDir.toAbsolutePath().resolve("odc").toString();
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2LockHolder.class.getName(), base)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");
            assertThatThrownBy(() -> PackageScanner.scan(request))
                    .isInstanceOf(BadInputException.class)
                    .hasNoCause()
                    .hasMessageContaining(dataDir.resolve(NvdDatabase.DB_FILE).toString())
                    .hasMessageContaining("locked by another process")
                    .hasMessageContaining("wait for it to finish, or give this scan its own data dir")
                    .hasMessageEndingWith("its own data dir (data-dir)")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }
}
