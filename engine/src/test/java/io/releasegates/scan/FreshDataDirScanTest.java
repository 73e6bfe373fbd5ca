package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.GateReport;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first scan on a fresh machine as the Jenkins step runs it: the data dir is where {@link ScanRequest#defaultDataDir()}
 * puts it under an XDG_CACHE_HOME that does not exist yet, the NVD data comes from records only, and the thread's
 * context class loader is not the one that loaded the engine (in Jenkins it is not the plugin's), which left
 * Dependency-Check without its data sources: an empty database.
 */
class FreshDataDirScanTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories");

    @TempDir
    Path tmp;

    @Test
    void shouldFindLog4ShellFromNvdRecordsInANeverUsedDataDirUnderAForeignContextClassLoader() throws Exception {
        Path dataDir = tmp.resolve("cache/release-gates/dependency-check");
        assertThat(dataDir.getParent().getParent()).doesNotExist();
        GateReport report = underForeignContextClassLoader(() -> PackageScanner.scan(ScanRequest
                .builder(FIXTURES.resolve("sample-vulnerable.war")).nvdRecords(ADVISORIES.resolve("nvd")).dataDir(dataDir).build()));
        // no OSV data: the finding can only come from the database imported from the records
        assertThat(report.findings()).anyMatch(f -> f.ruleId().equals("CVE-2021-44228")
                && f.location().endsWith("log4j-core-2.14.1.jar"));
        assertThat(Files.isRegularFile(dataDir.resolve(NvdDatabase.DB_FILE))).isTrue();
    }

    /** Runs {@code task} on a thread whose context class loader sees only the JDK, as a Jenkins step thread sees no plugin's services. */
    static <T> T underForeignContextClassLoader(Callable<T> task) throws Exception {
        try (URLClassLoader foreign = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            FutureTask<T> future = new FutureTask<>(task);
            Thread thread = new Thread(future, "foreign-context-class-loader");
            thread.setContextClassLoader(foreign);
            thread.start();
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}
