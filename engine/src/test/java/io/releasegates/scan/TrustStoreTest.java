package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.inventory.PackageEntry;
import io.releasegates.report.Finding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A truststore of public certificates shipped in a library (Google's API client's {@code google.jks}, shaded into
 * Snowflake's JDBC driver that Flyway bundles) is not a secret; a keystore with a key in it is. Both stores are made
 * here with the JDK's own KeyStore from a real CA certificate of the running JDK's {@code cacerts}.
 */
class TrustStoreTest {
    static final String LIB = "flyway-7.7.3/drivers/snowflake-jdbc-3.13.1.jar!/net/snowflake/client/jdbc/internal/google/";

    static Certificate aCaCertificate() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
            cacerts.load(in, null);
        }
        return cacerts.getCertificate(cacerts.aliases().nextElement());
    }

    static byte[] store(String type, KeyStoreFiller filler) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        filler.fill(store);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, "s3cret-store-pass".toCharArray());
        return out.toByteArray();
    }

    interface KeyStoreFiller {
        void fill(KeyStore store) throws Exception;
    }

    static List<Finding> scan(String path, byte[] content) throws Exception {
        ContentScanner scanner = new ContentScanner("pkg", List.of(), List.of());
        PackageEntry entry = new PackageEntry(path, path.substring(path.lastIndexOf('/') + 1), "", content.length, 2, false);
        scanner.entry(entry, new ByteArrayInputStream(content));
        return scanner.findings();
    }

    @Test
    void shouldNotReportATruststoreOfPublicCertificates() throws Exception {
        Certificate ca = aCaCertificate();
        byte[] jks = store("JKS", s -> s.setCertificateEntry("ca", ca));

        assertThat(TrustStores.onlyTrustedCertificates(jks)).isTrue();
        assertThat(scan(LIB + "google.jks", jks)).noneMatch(f -> f.ruleId().equals("RG-SCAN-SECRET-KEYSTORE"));
    }

    @Test
    void shouldReportAKeystoreHoldingAKeyAndAnythingThatDoesNotOpen() throws Exception {
        Certificate ca = aCaCertificate();
        byte[] withKey = store("PKCS12", s -> {
            s.setCertificateEntry("ca", ca);
            s.setEntry("api", new KeyStore.SecretKeyEntry(new SecretKeySpec(new byte[16], "AES")),
                    new KeyStore.PasswordProtection("s3cret-key-pass".toCharArray()));
        });

        assertThat(TrustStores.onlyTrustedCertificates(withKey)).isFalse();
        assertThat(scan("WEB-INF/classes/keys/app.p12", withKey))
                .anyMatch(f -> f.ruleId().equals("RG-SCAN-SECRET-KEYSTORE"));
        assertThat(scan("WEB-INF/classes/keys/broken.jks", "not a keystore".getBytes()))
                .anyMatch(f -> f.ruleId().equals("RG-SCAN-SECRET-KEYSTORE"));
    }
}
