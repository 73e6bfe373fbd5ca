package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.GateReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of the real-package corpus (downloaded by test-fixtures' build) that used to raise false secret alarms,
 * read from the packages at test time: Tomcat 9.0.31's bundled native source tarballs (Ant's
 * {@code <filter token="VERSION" …>}, a shell {@code --passphrase=*)} case pattern) and JSPWiki 2.10.2's template
 * message bundles ({@code prefs.password=Password *}, escaped Chinese). JSPWiki's shipped default database password
 * stays a finding.
 */
class CorpusSecretsTest {
    static final Path CORPUS = Path.of(System.getProperty("releasegates.fixtures"), "corpus");
    static final Path TOMCAT = CORPUS.resolve("tomcat-9.0.31.tar.gz");
    static final Path JSPWIKI = CORPUS.resolve("jspwiki-war-2.10.2.war");
    static final String JSPWIKI_JAR = "WEB-INF/lib/jspwiki-war-2.10.2.jar";
    static final String TOMCAT_NATIVE = "apache-tomcat-9.0.31/bin/tomcat-native.tar.gz";
    static final String DAEMON = "apache-tomcat-9.0.31/bin/commons-daemon-native.tar.gz";
    static final String BUILD_XML = "tomcat-native-1.2.23-src/build.xml";
    static final String MKDIST = "commons-daemon-1.2.2-native-src/unix/support/mkdist.sh";

    @TempDir
    Path tmp;

    @Test
    void shouldRaiseNoSecretInTomcatsBundledNativeSourceBuildFiles() throws IOException {
        String buildXml = text(tarEntry(tarEntry(Files.readAllBytes(TOMCAT), TOMCAT_NATIVE), BUILD_XML));
        String mkdist = text(tarEntry(tarEntry(Files.readAllBytes(TOMCAT), DAEMON), MKDIST));
        // what used to trip the scanner is still there
        assertThat(buildXml).contains("<filter token=\"VERSION\" value=\"${version}\"/>");
        assertThat(mkdist).contains("--passphrase=*");

        // as bundled third-party source (the path scan gives it), and as if it were the release's own file
        for (String prefix : List.of("tomcat-9.0.31.tar.gz!/" + TOMCAT_NATIVE + "!/", "")) {
            assertThat(SecretScanner.scan(prefix + BUILD_XML, buildXml.getBytes(StandardCharsets.UTF_8))).as(prefix).isEmpty();
        }
        for (String prefix : List.of("tomcat-9.0.31.tar.gz!/" + DAEMON + "!/", "")) {
            assertThat(SecretScanner.scan(prefix + MKDIST, mkdist.getBytes(StandardCharsets.UTF_8))).as(prefix).isEmpty();
        }
    }

    @Test
    void shouldRaiseNoSecretInJspWikisTemplateMessageBundlesButKeepItsDefaultPassword() throws IOException {
        byte[] jar = zipEntry(Files.readAllBytes(JSPWIKI), JSPWIKI_JAR);
        String english = text(zipEntry(jar, "templates/default.properties"));
        String chinese = text(zipEntry(jar, "templates/default_zh_CN.properties"));
        assertThat(english).contains("prefs.password=Password *");
        assertThat(chinese).contains("login.password=\\u5bc6\\u7801");

        for (String prefix : List.of(JSPWIKI_JAR + "!/", "WEB-INF/classes/")) {
            assertThat(SecretScanner.scan(prefix + "templates/default.properties", english.getBytes(StandardCharsets.UTF_8)))
                    .as(prefix).isEmpty();
            assertThat(SecretScanner.scan(prefix + "templates/default_zh_CN.properties", chinese.getBytes(StandardCharsets.UTF_8)))
                    .as(prefix).isEmpty();
        }
        // recognised by content, not only by name: the same bundles under names that say nothing
        assertThat(SecretScanner.scan("WEB-INF/classes/ui.properties", english.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(SecretScanner.scan("WEB-INF/classes/ui.properties", chinese.getBytes(StandardCharsets.UTF_8))).isEmpty();

        assertThat(SecretScanner.scan(JSPWIKI_JAR + "!/ini/jspwiki.properties", zipEntry(jar, "ini/jspwiki.properties")))
                .singleElement().satisfies(h -> {
                    assertThat(h.rule()).isEqualTo(ScanRule.SECRET_DEFAULT_CREDENTIALS);
                    assertThat(h.key()).isEqualTo("jspwiki.userdatabase.password");
                    assertThat(h.line()).isEqualTo(778);
                });
    }

    @Test
    void shouldReportExactlyTheReviewedSecretsInsideTheNestedArchivesOfTomcatAndJspWiki() throws IOException {
        Map<String, List<String>> reviewed = reviewed();
        for (Path pkg : List.of(TOMCAT, JSPWIKI)) {
            GateReport r = PackageScanner.scan(ScanRequest.builder(pkg).osv(SecretPackageScanTest.OSV)
                    .dataDir(tmp.resolve("data")).build());
            List<String> nested = r.findings().stream()
                    .filter(f -> f.ruleId().startsWith("RG-SCAN-SECRET") && f.location().contains("!/"))
                    .map(f -> f.ruleId() + " " + f.location()).sorted().toList();
            assertThat(r.summary().get("textFilesScanned")).as(pkg.toString()).isGreaterThan(100L);
            assertThat(nested).as(pkg.getFileName().toString())
                    .containsExactlyElementsOf(reviewed.getOrDefault(pkg.getFileName().toString(), List.of()));
        }
        assertThat(reviewed.get("jspwiki-war-2.10.2.war")).hasSize(1);
    }

    /** test-fixtures/corpus/third-party-secrets.txt: PACKAGE RULE-ID LOCATION reason. */
    private static Map<String, List<String>> reviewed() throws IOException {
        Map<String, List<String>> byPackage = new TreeMap<>();
        Path file = Path.of(System.getProperty("releasegates.fixtureSources"), "corpus", "third-party-secrets.txt");
        for (String line : Files.readAllLines(file)) {
            String[] f = line.strip().split("\\s+", 4);
            if (f.length == 4 && !f[0].startsWith("#")) {
                byPackage.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1] + " " + f[2]);
            }
        }
        return byPackage;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] tarEntry(byte[] tarGz, String name) throws IOException {
        try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(tarGz));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new IllegalStateException(name + " not in the archive");
    }

    private static byte[] zipEntry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IllegalStateException(name + " not in the archive");
    }
}
