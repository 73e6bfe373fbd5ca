package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library jar that is not one of the release's own modules (its name carries another version than the release's)
 * holds the library's samples and defaults, not the release's configuration: JGroups 3.6.13's sample protocol stacks
 * (real jar, bundled in ActiveMQ Artemis 2.19.0's {@code lib/}) raise nothing there, while the same files in the
 * release's own module or its own configuration folder are still findings, and a private key is found anywhere.
 */
class ForeignLibrarySecretsTest {
    static final Path JGROUPS = Path.of(System.getProperty("releasegates.fixtures"), "secrets-lib", "jgroups-3.6.13.Final.jar");
    static final List<String> SAMPLES = List.of("EncryptKeyStore.xml", "sym-encrypt.xml", "auth_X509.xml", "auth_krb5.xml");

    @TempDir
    Path tmp;

    @Test
    void shouldReadTheReleasesVersionFromItsFileName() {
        assertThat(SecretContext.releaseVersion("apache-artemis-2.19.0-bin.tar.gz")).isEqualTo("2.19.0");
        assertThat(SecretContext.releaseVersion("jetty-distribution-9.4.35.v20201120.tar.gz")).isEqualTo("9.4.35");
        assertThat(SecretContext.releaseVersion("spring-cloud-skipper-server-1.0.8.RELEASE.jar")).isEqualTo("1.0.8");
        assertThat(SecretContext.releaseVersion("log4j-1.2-api-2.17.1.jar")).isEqualTo("2.17.1");
        assertThat(SecretContext.releaseVersion("shop-1.4-SNAPSHOT.war")).isEqualTo("1.4");
        assertThat(SecretContext.releaseVersion("tomcat.tar.gz")).isEmpty();
        assertThat(SecretContext.releaseVersion("release-7.war")).isEmpty();
    }

    @Test
    void shouldTellTheReleasesOwnModulesFromForeignLibraries() {
        assertThat(SecretContext.foreignJar("jgroups-3.6.13.Final.jar", "2.19.0")).isTrue();
        assertThat(SecretContext.foreignJar("artemis-server-2.19.0.jar", "2.19.0")).isFalse();
        assertThat(SecretContext.foreignJar("spring-cloud-skipper-1.0.8.RELEASE.jar", "1.0.8")).isFalse();
        assertThat(SecretContext.foreignJar("shop-core-1.4-20261206.101010-3.jar", "1.4")).isFalse();
        // a longer version that starts with the release's is another version
        assertThat(SecretContext.foreignJar("commons-lang-2.19.0.1.jar", "2.19.0")).isTrue();
        assertThat(SecretContext.foreignJar("guava-2.19.01.jar", "2.19.0")).isTrue();
        // unknown on either side: possibly the release's own, so still searched
        assertThat(SecretContext.foreignJar("catalina.jar", "9.0.31")).isFalse();
        assertThat(SecretContext.foreignJar("jgroups-3.6.13.Final.jar", "")).isFalse();
    }

    @Test
    void shouldRaiseNothingInAForeignLibrarysSampleConfigurationsButKeepThemInTheReleasesOwnFiles() throws IOException {
        for (String sample : SAMPLES) {
            byte[] text = entry(sample);
            // the shape that raised the alarms is still in the real jar
            assertThat(new String(text, StandardCharsets.UTF_8)).containsPattern("(store|keystore|client)_password=\"[^\"]+\"");

            assertThat(SecretScanner.scan("apache-artemis-2.19.0/lib/jgroups-3.6.13.Final.jar!/" + sample, SecretContext.Release.of("apache-artemis-2.19.0-bin.tar.gz"), text))
                    .as("in a foreign library: " + sample).isEmpty();
            assertThat(SecretScanner.scan("apache-artemis-2.19.0/lib/artemis-server-2.19.0.jar!/" + sample, SecretContext.Release.of("apache-artemis-2.19.0-bin.tar.gz"), text))
                    .as("in the release's own module: " + sample).isNotEmpty();
            assertThat(SecretScanner.scan("apache-artemis-2.19.0/etc/" + sample, SecretContext.Release.of("apache-artemis-2.19.0-bin.tar.gz"), text))
                    .as("in the release's own configuration folder: " + sample).isNotEmpty();
            assertThat(SecretScanner.scan("apache-artemis-2.19.0/lib/jgroups-3.6.13.Final.jar!/" + sample, SecretContext.Release.of(""), text))
                    .as("release version unknown: " + sample).isNotEmpty();
        }
    }

    @Test
    void shouldStillFindAPrivateKeyInAForeignLibrary() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\n" + ("MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi" + "Z1BjP5CE8Wm3R0PqLxYt7dk2N\n").repeat(8)
                + "-----END RSA PRIVATE KEY-----\n";
        assertThat(SecretScanner.scan("shop-2.0.war!/WEB-INF/lib/acme-client-3.1.jar!/keys/prod.key", SecretContext.Release.of("shop-2.0.war"),
                key.getBytes(StandardCharsets.UTF_8))).extracting(SecretScanner.Hit::rule).containsExactly(ScanRule.SECRET_PRIVATE_KEY);
    }

    @Test
    void shouldReportNoSecretInAForeignLibraryOfAPackageButTheSameFileInItsOwnModule() throws IOException {
        byte[] sample = entry("sym-encrypt.xml");
        Path war = tmp.resolve("shop-2.0.war");
        Path ownJar = tmp.resolve("own.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(ownJar))) {
            zip.putNextEntry(new ZipEntry("sym-encrypt.xml"));
            zip.write(sample);
            zip.closeEntry();
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("WEB-INF/lib/" + JGROUPS.getFileName()));
            Files.copy(JGROUPS, zip);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("WEB-INF/lib/shop-cluster-2.0.jar"));
            Files.copy(ownJar, zip);
            zip.closeEntry();
        }

        GateReport r = PackageScanner.scan(ScanRequest.builder(war).osv(SecretPackageScanTest.OSV).dataDir(tmp.resolve("data")).build());

        List<String> secretLocations = r.findings().stream().filter(f -> f.ruleId().startsWith("RG-SCAN-SECRET"))
                .map(Finding::location).toList();
        assertThat(secretLocations).containsExactly("WEB-INF/lib/shop-cluster-2.0.jar!/sym-encrypt.xml");
    }

    private static byte[] entry(String name) throws IOException {
        try (ZipFile jar = new ZipFile(JGROUPS.toFile())) {
            return jar.getInputStream(jar.getEntry(name)).readAllBytes();
        }
    }

    @Test
    void shouldTreatJBossModulesAsLibrariesAndShadedDescriptorsAsForeign() {
        byte[] krb5 = ("<config><AUTH auth_class=\"org.jgroups.auth.Krb5Token\" client_password=\"Kx9mQ2vLp7wZ\"/></config>\n")
                .getBytes(StandardCharsets.UTF_8);
        String release = "keycloak-server-dist-17.0.0.tar.gz";
        assertThat(SecretScanner.scan("keycloak-17.0.0/modules/system/layers/base/org/jgroups/main/jgroups-4.2.15.Final.jar!/auth_krb5.xml",
                SecretContext.Release.of(release), krb5)).as("a foreign library in a JBoss Modules tree").isEmpty();
        assertThat(SecretScanner.scan("keycloak-17.0.0/modules/system/layers/keycloak/org/keycloak/main/keycloak-core-17.0.0.jar!/auth_krb5.xml",
                SecretContext.Release.of(release), krb5)).as("the release's own module there").isNotEmpty();

        // a Flyway password in a build file: the release's own pom is searched, a shaded library's is not
        byte[] pom = "<project><properties><flyway.password>Kq4wE7rT1yZ</flyway.password></properties></project>\n"
                .getBytes(StandardCharsets.UTF_8);
        String jar = "tika-server-standard-2.9.1.jar";
        assertThat(SecretScanner.scan("META-INF/maven/com.healthmarketscience.jackcess/jackcess/pom.xml", SecretContext.Release.of(jar), pom)).isEmpty();
        assertThat(SecretScanner.scan("META-INF/maven/org.apache.tika/tika-server-standard/pom.xml", SecretContext.Release.of(jar), pom)).isNotEmpty();
        assertThat(SecretScanner.scan("META-INF/maven/com.healthmarketscience.jackcess/jackcess/pom.xml", SecretContext.Release.of("release.jar"), pom))
                .as("without a versioned release name every descriptor stays searched").isNotEmpty();
    }
}
