package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's own identity gets Dependency-Check's evidence analysis too, on its descriptor only: Apache Shiro's
 * samples-web 1.3.2 WAR (real, from Maven Central) is reported with CVE-2020-1957 on the WAR itself, as
 * Dependency-Check reports it (its pom's groupId org.apache.shiro.samples names apache:shiro), besides its shiro jars.
 */
class OwnDescriptorAnalysisTest {
    static final String WAR = "samples-web-1.3.2.war";

    @TempDir
    Path work;

    @Test
    void shouldReportWhatDependencyCheckFindsOnThePackagesOwnDescriptor() throws IOException {
        Path war = PackageIdentityParityTest.CORPUS.resolve(WAR);
        GateReport report = PackageScanner.scan(ScanRequest.builder(war).nvdRecords(PackageIdentityParityTest.RECORDS)
                .dataDir(work.resolve("data")).mavenRepo(Files.createDirectories(work.resolve("empty-m2"))).build());

        assertThat(report.errors()).isEmpty();
        assertThat(report.findings()).filteredOn(f -> f.location().equals(WAR) && f.ruleId().equals("CVE-2020-1957"))
                .singleElement().satisfies(f -> {
                    assertThat(f.subject()).isEqualTo("pkg:maven/org.apache.shiro.samples/samples-web@1.3.2");
                    assertThat(f.properties()).containsEntry("confidence", "fuzzy-cpe");
                    assertThat(f.properties().get("match")).contains("cpe:2.3:a:apache:shiro");
                });
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("CVE-2020-1957")).extracting(Finding::location)
                .contains("WEB-INF/lib/shiro-core-1.3.2.jar", "WEB-INF/lib/shiro-web-1.3.2.jar");
    }

    @Test
    void shouldCopyOnlyTheDescriptorIntoTheStub() throws IOException {
        Path pkg = work.resolve("shop-1.0.war");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(pkg))) {
            put(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
            put(out, "META-INF/maven/com.shop/shop/pom.properties", "groupId=com.shop\nartifactId=shop\nversion=1.0\n");
            put(out, "META-INF/maven/com.shop/shop/pom.xml", "<project/>");
            put(out, "WEB-INF/lib/a.jar", "not looked at");
            put(out, "index.html", "<html/>");
        }
        Path stub = work.resolve("stub.war");
        try (ZipFile zip = ZipFile.builder().setPath(pkg).get()) {
            assertThat(JarExtractor.descriptorStub(zip, stub)).contains(stub);
        }
        try (ZipFile zip = ZipFile.builder().setPath(stub).get()) {
            assertThat(java.util.Collections.list(zip.getEntries())).extracting(e -> e.getName()).containsExactly(
                    "META-INF/MANIFEST.MF", "META-INF/maven/com.shop/shop/pom.properties", "META-INF/maven/com.shop/shop/pom.xml");
        }

        Path plain = work.resolve("plain.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(plain))) {
            put(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
        }
        try (ZipFile zip = ZipFile.builder().setPath(plain).get()) {
            assertThat(JarExtractor.descriptorStub(zip, work.resolve("none.zip"))).as("no Maven descriptor").isEmpty();
        }
    }

    private static void put(ZipOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
