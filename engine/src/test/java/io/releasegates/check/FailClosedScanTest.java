package io.releasegates.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.gate.Condition;
import io.releasegates.gate.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail closed: a vulnerable jar nested beyond the walk's depth limit is not examined, and what was not examined
 * cannot pass. {@code check} BLOCKs (not WARN) whatever the policy's block-at, until a waiver with an expiry accepts
 * that one item.
 */
class FailClosedScanTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    static final Path OSV = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories", "osv");
    static final String HIDDEN = "WEB-INF/lib/outer-1.0.jar!/lib/level-3.jar!/lib/level-2.jar!/lib/level-1.jar!/lib/level-0.jar";

    @TempDir
    Path tmp;

    @BeforeEach
    void deepWar() throws IOException {
        // log4j-core 2.14.1 (Log4Shell) five archives deep: the default walk opens four levels
        byte[] inner = zip("lib/log4j-core-2.14.1.jar", Files.readAllBytes(FIXTURES.resolve("vulnerable-lib/log4j-core-2.14.1.jar")));
        for (int level = 0; level < 4; level++) {
            inner = zip("lib/level-" + level + ".jar", inner);
        }
        Files.write(tmp.resolve("shop.war"), zip("WEB-INF/lib/outer-1.0.jar", inner));
    }

    private CheckResult check(String policy) throws IOException {
        Files.writeString(tmp.resolve("policy.yml"), policy);
        Path config = tmp.resolve("release-gates.yml");
        Files.writeString(config, "package: shop.war\nenvironment: ops\npolicy: policy.yml\nsteps:\n  scan:\n"
                + "    osv: " + OSV + "\n    data-dir: " + tmp.resolve("data") + "\n");
        return new CheckRunner(CheckConfigReader.read(config), tmp.resolve("out"), line -> { }).run(Instant.now());
    }

    @Test
    void shouldBlockOnAVulnerableJarNestedBeyondTheDepthLimit() throws IOException {
        CheckResult r = check("environments:\n  ops: [scan]\n");

        assertThat(r.verdict().status()).isEqualTo(Status.BLOCK);
        assertThat(r.verdict().reasons()).anySatisfy(c -> {
            assertThat(c.ruleId()).isEqualTo("RG-SCAN-INCOMPLETE");
            assertThat(c.status()).isEqualTo(Status.BLOCK);
            assertThat(c.location()).isEqualTo(HIDDEN);
        });
    }

    @Test
    void shouldBlockEvenWhenThePolicyOnlyBlocksCriticalFindings() throws IOException {
        CheckResult r = check("environments:\n  ops: [scan]\ngates:\n  scan:\n    block-at: critical\n");

        assertThat(r.verdict().status()).isEqualTo(Status.BLOCK);
        assertThat(r.verdict().reasons()).extracting(Condition::ruleId).contains("RG-SCAN-INCOMPLETE");
    }

    @Test
    void shouldAcceptTheNamedItemWithAWaiverUntilItExpires() throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String waiver = "waivers:\n  - rule: RG-SCAN-INCOMPLETE\n    gate: scan\n    subject: \"" + HIDDEN + "\"\n"
                + "    owner: alice@shop.example\n    reason: vendored installer, checked by hand\n    expires: %s\n";

        CheckResult waived = check("environments:\n  ops: [scan]\n" + waiver.formatted(today.plusDays(7)));
        assertThat(waived.verdict().status()).isNotEqualTo(Status.BLOCK);
        assertThat(waived.verdict().conditions()).anySatisfy(c -> {
            assertThat(c.ruleId()).isEqualTo("RG-SCAN-INCOMPLETE");
            assertThat(c.status()).isEqualTo(Status.PASS);
            assertThat(c.waiver()).contains("alice@shop.example");
        });

        CheckResult expired = check("environments:\n  ops: [scan]\n" + waiver.formatted(today.minusDays(1)));
        assertThat(expired.verdict().status()).isEqualTo(Status.BLOCK);
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
