package io.releasegates.scan;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.util.Collections;

/**
 * Tells a truststore from a keystore: a JKS (or password-less PKCS#12) file that holds trusted certificates only is
 * public material (Google's API client ships {@code google.jks}, Snowflake's JDBC driver shades it), not a secret.
 * JKS opens without its password (only the integrity check needs it), so the entries can be read; a file that does
 * not open that way, or that holds a private or secret key, stays a keystore.
 */
final class TrustStores {
    private TrustStores() {
    }

    /** True when {@code content} is a whole keystore file that opens without a password and holds no key entry. */
    static boolean onlyTrustedCertificates(byte[] content) {
        try {
            // "JKS" in Java 9+ reads JKS and PKCS#12 alike (keystore.type.compat)
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(new ByteArrayInputStream(content), null);
            if (store.size() == 0) {
                return false;
            }
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isCertificateEntry(alias)) {
                    return false;
                }
            }
            return true;
        } catch (Exception | LinkageError e) {
            // truncated, another format, encrypted: not shown to be a truststore
            return false;
        }
    }
}
