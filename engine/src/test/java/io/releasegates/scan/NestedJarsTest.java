package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every jar gets Dependency-Check's evidence-based identification, nested ones too: a jar inside a WAR, an EAR or a fat
 * jar through Dependency-Check's own unpacking of the top-level archive, a jar inside a ZIP bundled in a distribution
 * (which is no component, so nothing hands it over) or nested deeper than Dependency-Check unpacks, copied out for it.
 * (A jar four levels down is not asserted end to end: Dependency-Check bundles a jar that holds nothing but one jar
 * with it, so its CVE lands on the holder.)
 * The jar is real commons-io 2.6 without its Maven metadata: only Dependency-Check's evidence names its CPE.
 */
class NestedJarsTest {
    static final Path FIXTURES = PackageScannerTest.FIXTURES;

    @TempDir
    Path work;

    @Test
    void shouldKnowWhichNestedJarsDependencyChecksOwnUnpackingReaches() {
        assertThat(NestedJars.reachedThroughContainer("lib/a.jar")).isTrue();
        assertThat(NestedJars.reachedThroughContainer("app.war!/WEB-INF/lib/a.jar")).isTrue();
        assertThat(NestedJars.reachedThroughContainer("dist/app.ear!/web.war!/WEB-INF/lib/a.jar")).isTrue();
        assertThat(NestedJars.reachedThroughContainer("a.ear!/b.war!/c.jar!/d.jar")).isTrue();
        assertThat(NestedJars.reachedThroughContainer("a.ear!/b.war!/c.jar!/d.jar!/e.jar")).isFalse();
        assertThat(NestedJars.reachedThroughContainer("server/plugins/addon.zip!/lib/a.jar")).isFalse();
        assertThat(NestedJars.reachedThroughContainer("bin/tools.tar.gz!/lib/a.jar")).isFalse();
    }

    @Test
    void shouldHandAJarInsideABundledZipToDependencyCheck() throws Exception {
        byte[] jar = commonsIoWithoutMetadata();
        byte[] zip = zip("lib/commons-io-2.6-nometa.jar", jar);
        Path dist = work.resolve("server-1.0.tar.gz");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(dist)))) {
            put(out, "server-1.0/plugins/addon.zip", zip);
        }
        Path records = Path.of(Objects.requireNonNull(CpeIdentificationTest.class.getResource("nvd-real")).toURI());

        GateReport report = PackageScanner.scan(ScanRequest.builder(dist).nvdRecords(records).dataDir(work.resolve("data"))
                .mavenRepo(Files.createDirectories(work.resolve("no-repository"))).build());

        assertThat(report.findings()).extracting(Finding::ruleId).doesNotContain(ScanRule.INCOMPLETE.id());
        List<Finding> guessed = report.findings().stream().filter(f -> f.ruleId().equals("CVE-2021-29425")).toList();
        assertThat(guessed).extracting(Finding::location).containsExactly("server-1.0/plugins/addon.zip!/lib/commons-io-2.6-nometa.jar");
        assertThat(guessed).allSatisfy(f -> assertThat(f.properties()).containsEntry("confidence", "fuzzy-cpe"));
    }

    private static byte[] commonsIoWithoutMetadata() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipFile(FIXTURES.resolve("cpe-vulnerable/commons-io-2.6.jar").toFile());
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                if (!e.getName().startsWith("META-INF/maven/")) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    try (var data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }
}
