package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.GateReport;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile packages reach the scan report as findings (from the shared walker), secrets in nested archives too. */
class HostileScanTest {
    static final Path OSV = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories", "osv");

    @TempDir
    Path tmp;

    @Test
    void shouldReportUnsafeNamesAndSecretsInsideNestedJarsWithoutExtractingAnything() throws Exception {
        Path inner = tmp.resolve("inner.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(inner))) {
            put(zip, "config/.npmrc", "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n");
            put(zip, "dump/heap.hprof", "JAVA PROFILE 1.0.2");
        }
        Path war = tmp.resolve("hostile.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            put(zip, "../../etc/cron.d/evil", "* * * * * root sh");
            put(zip, "WEB-INF/classes/db.properties.bak", "db.password=hunter2hunter2\n");
            zip.putNextEntry(new ZipEntry("WEB-INF/lib/inner.jar"));
            Files.copy(inner, zip);
            zip.closeEntry();
        }
        GateReport r = PackageScanner.scan(ScanRequest.builder(war).osv(OSV).dataDir(tmp.resolve("data")).build());
        assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("RG-INV-UNSAFE-PATH"));
        assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("RG-SCAN-RISKY-BACKUP") && f.location().equals("WEB-INF/classes/db.properties.bak"));
        assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("RG-SCAN-RISKY-HEAP-DUMP") && f.location().equals("WEB-INF/lib/inner.jar!/dump/heap.hprof"));
        assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("RG-SCAN-SECRET-TOKEN") && f.location().equals("WEB-INF/lib/inner.jar!/config/.npmrc"));
        assertThat(r.findings().toString()).doesNotContain("npm_abcdefghijklmnopqrstuvwxyz0123456789");
        assertThat(tmp.resolve("etc")).doesNotExist();
        assertThat(tmp.getParent().resolve("etc/cron.d/evil")).doesNotExist();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws Exception {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
