package io.releasegates.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Keystores made at test time with the JDK's own keytool: self-signed RSA certificates with chosen names and life. */
final class TestCertificates {
    static final String PASSWORD = "changeit";

    private TestCertificates() {
    }

    /**
     * A PKCS12 keystore with one self-signed certificate.
     *
     * @param san       subjectAltName as keytool takes it, e.g. {@code ip:127.0.0.1,dns:localhost}
     * @param validDays how long from now the certificate is valid
     * @param keyBits   RSA key size
     */
    static Path make(Path dir, String name, String cn, String san, int validDays, int keyBits) throws IOException, InterruptedException {
        return make(dir, name, cn, san, validDays, keyBits, null);
    }

    /** As above, valid from {@code start} (keytool's relative form, e.g. {@code -10d}) instead of now. */
    static Path make(Path dir, String name, String cn, String san, int validDays, int keyBits, String start)
            throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "site", "-keyalg", "RSA", "-keysize", String.valueOf(keyBits),
                "-validity", String.valueOf(validDays), "-dname", "CN=" + cn, "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (start != null) {
            cmd.addAll(List.of("-startdate", start));
        }
        if (san != null) {
            cmd.addAll(List.of("-ext", "SAN=" + san));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(store)) {
            throw new IOException("keytool failed: " + out);
        }
        return store;
    }
}
