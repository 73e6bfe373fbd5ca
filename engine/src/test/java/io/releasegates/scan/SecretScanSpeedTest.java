package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every detector is linear in its input: a 10 MB file that is one single line, of the shapes that made backtracking
 * regular expressions take minutes (a 100,000-character line used to), is scanned in under 2 s whatever its format.
 * Measured as the scanning thread's CPU time, so that other processes on a shared build machine do not decide it
 * (typically 0.1–0.6 s here; a quadratic detector would take minutes).
 */
class SecretScanSpeedTest {
    private static final int TEN_MB = 10_000_000;
    private static final long LIMIT_NANOS = 2_000_000_000L;
    private static final Fingerprints KEY = new Fingerprints("speed-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    /** Adversarial one-line contents: a unit repeated to 10 MB, behind a key that names a secret. */
    private static final List<String[]> SHAPES = List.of(
            new String[] {"letters", "a"},
            new String[] {"key-like words", "password.token.secret_"},
            new String[] {"URL schemes without credentials", "abc://def:"},
            new String[] {"assignments", "password=secret=token:"},
            new String[] {"quotes and colons", "\"password\": \"x"},
            new String[] {"XML attributes", "<a password=\"x"},
            new String[] {"PEM headers", "-----BEGIN PRIVATE KEY-----"},
            new String[] {"JWT prefixes", "eyJhbGciOi."},
            new String[] {"token prefixes", "ghp_xoxb-AKIAsk_live_"},
            new String[] {"JDBC URLs", "jdbc:x:password=y;"},
            new String[] {"blanks", " \t"});

    @TestFactory
    Stream<DynamicTest> shouldScanATenMegabyteLineInUnderTwoSeconds() {
        return SHAPES.stream().flatMap(shape -> Stream.of("app.properties", "app.yml", "app.json", "app.xml", ".env", "notes.txt")
                .map(name -> dynamicTest(shape[0] + " in " + name, () -> {
                    String line = "db.password=" + shape[1].repeat(TEN_MB / shape[1].length());
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                    long start = threads.getCurrentThreadCpuTime();
                    SecretScanner.scan("WEB-INF/classes/" + name, new String(bytes, StandardCharsets.UTF_8), KEY);
                    long took = threads.getCurrentThreadCpuTime() - start;
                    assertThat(took).as("%s in %s took %d ms", shape[0], name, took / 1_000_000).isLessThan(LIMIT_NANOS);
                })));
    }
}
