package io.releasegates.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignaturesTest {
    @TempDir
    Path tmp;

    record Verdict(String release, boolean promoted, List<String> reasons, Map<String, Integer> counts) {
    }

    private static final Verdict VERDICT = new Verdict("shop-1.4.2", true, List.of("scan clean", "backups fresh"),
            Map.of("findings", 0, "copies", 3));

    @Test
    void shouldVerifyAnEd25519SignatureAfterReformattingAndKeyReordering() throws Exception {
        SigningKey key = SigningKey.generateEd25519();
        ObjectNode signed = Signatures.sign(VERDICT, key);
        // compact, re-ordered text of the same content
        String compact = "{\"signature\":" + signed.get("signature") + ",\"reasons\":[\"scan clean\",\"backups fresh\"],"
                + "\"promoted\":true,\"counts\":{\"copies\":3,\"findings\":0},\"release\":\"shop-1.4.2\"}";
        var reread = Json.mapper().readTree(compact);

        Signatures.Verification result = Signatures.verify(reread, key.verifier());

        assertThat(result.status()).isEqualTo(Signatures.Status.VALID);
        assertThat(result.keyId()).isEqualTo(key.keyId()).startsWith("ed25519:");
    }

    @Test
    void shouldWriteTheCanonicalFormCompactWithSortedMembersAndWithoutTheSignature() throws Exception {
        var doc = Json.mapper().readTree("{ \"b\": 1, \"signature\": {\"value\": \"x\"},\n  \"a\": { \"é\": [1, 2.5, true, null],"
                + " \"c\": \"x\\ny\" }, \"B\": 12345678901234567890 }");

        String canonical = new String(Signatures.canonicalBytes(doc), StandardCharsets.UTF_8);

        assertThat(canonical).isEqualTo("{\"B\":12345678901234567890,\"a\":{\"c\":\"x\\ny\",\"é\":[1,2.5,true,null]},\"b\":1}");
        // nested members called "signature" are content like any other
        var nested = Json.mapper().readTree("{\"x\":{\"signature\":1}}");
        assertThat(new String(Signatures.canonicalBytes(nested), StandardCharsets.UTF_8)).isEqualTo("{\"x\":{\"signature\":1}}");
    }

    @Test
    void shouldRejectAChangedValueAndAChangedSignatureBothWays() {
        for (SigningKey key : List.of(SigningKey.generateEd25519(), SigningKey.generateHmac())) {
            ObjectNode signed = Signatures.sign(VERDICT, key);
            assertThat(Signatures.verify(signed, key).status()).isEqualTo(Signatures.Status.VALID);

            ObjectNode changed = signed.deepCopy();
            changed.put("promoted", false);
            assertThat(Signatures.verify(changed, key).status()).isEqualTo(Signatures.Status.INVALID);

            ObjectNode resigned = signed.deepCopy();
            byte[] junk = key.sign("something else".getBytes(StandardCharsets.UTF_8));
            ((ObjectNode) resigned.get("signature")).put("value", java.util.Base64.getEncoder().encodeToString(junk));
            assertThat(Signatures.verify(resigned, key).status()).isEqualTo(Signatures.Status.INVALID);

            ObjectNode stripped = signed.deepCopy();
            stripped.remove("signature");
            assertThat(Signatures.verify(stripped, key).status()).isEqualTo(Signatures.Status.UNSIGNED);

            ObjectNode malformed = signed.deepCopy();
            malformed.put("signature", "trust me");
            assertThat(Signatures.verify(malformed, key).status()).isEqualTo(Signatures.Status.MALFORMED);
        }
    }

    @Test
    void shouldTellASignatureByAnotherKeyFromAForgery() {
        SigningKey signer = SigningKey.generateEd25519();
        SigningKey other = SigningKey.generateEd25519();
        ObjectNode signed = Signatures.sign(VERDICT, signer);

        assertThat(Signatures.verify(signed, other).status()).isEqualTo(Signatures.Status.OTHER_KEY);
        assertThat(Signatures.verify(signed, SigningKey.generateHmac()).status()).isEqualTo(Signatures.Status.OTHER_KEY);

        // a forger who copies the key id but signs with his own key is caught as INVALID
        ObjectNode forged = Signatures.sign(VERDICT, other);
        ((ObjectNode) forged.get("signature")).put("keyId", signer.keyId());
        assertThat(Signatures.verify(forged, signer.verifier()).status()).isEqualTo(Signatures.Status.INVALID);
    }

    @Test
    void shouldRoundTripKeyFilesAndDeriveThePublicKeyFromThePrivateOne() throws Exception {
        SigningKey key = SigningKey.generateEd25519();
        Path priv = tmp.resolve("keys/sign.pem");
        Path pub = tmp.resolve("keys/sign.pub.pem");
        key.writePrivate(priv);
        key.writePublic(pub);

        SigningKey loadedPriv = SigningKey.load(priv);
        SigningKey loadedPub = SigningKey.load(pub);

        assertThat(loadedPriv.keyId()).isEqualTo(key.keyId());
        assertThat(loadedPub.keyId()).isEqualTo(key.keyId());
        assertThat(loadedPriv.canSign()).isTrue();
        assertThat(loadedPub.canSign()).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        Path doc = tmp.resolve("verdict.json");
        Signatures.writeSigned(VERDICT, loadedPriv, doc);
        assertThat(Signatures.verify(Signatures.readObject(doc), loadedPub).valid()).isTrue();
        assertThatThrownBy(() -> loadedPub.sign(new byte[1])).isInstanceOf(IllegalStateException.class);

        SigningKey hmac = SigningKey.generateHmac();
        Path secret = tmp.resolve("hmac.key");
        hmac.writePrivate(secret);
        assertThat(SigningKey.load(secret).keyId()).isEqualTo(hmac.keyId()).startsWith("hmac-sha256:");
        assertThat(SigningKey.load(secret).toString()).doesNotContain(Files.readString(secret).trim());
    }

    @Test
    void shouldReadKeysWrittenByOpenssl() throws Exception {
        Path priv = tmp.resolve("openssl.pem");
        Path pub = tmp.resolve("openssl.pub");
        Path hex = tmp.resolve("openssl.hex");
        io.releasegates.tools.ExternalTool.require("openssl", "openssl");
        assertThat(run("openssl", "genpkey", "-algorithm", "ed25519", "-out", priv.toString())).isTrue();
        assertThat(run("openssl", "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString())).isTrue();
        assertThat(run("sh", "-c", "openssl rand -hex 32 > " + hex)).isTrue();

        SigningKey signer = SigningKey.load(priv);
        ObjectNode signed = Signatures.sign(VERDICT, signer);
        assertThat(Signatures.verify(signed, SigningKey.load(pub)).valid()).isTrue();
        assertThat(SigningKey.load(hex).algorithm()).isEqualTo(SigningKey.Algorithm.HMAC_SHA256);

        // and openssl verifies our signature the documented way: Ed25519 over SHA-256 of the canonical form
        Path canonical = Files.write(tmp.resolve("canonical.json"), Signatures.canonicalBytes(signed));
        Path sig = Files.write(tmp.resolve("sig.bin"),
                java.util.Base64.getDecoder().decode(signed.get("signature").get("value").asText()));
        Path digest = tmp.resolve("d.bin");
        assertThat(run("sh", "-c", "openssl dgst -sha256 -binary " + canonical + " > " + digest)).isTrue();
        assertThat(run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin",
                "-in", digest.toString(), "-sigfile", sig.toString())).isTrue();
    }

    @Test
    void shouldRefuseKeyFilesInNoKnownFormatNamingTheFile() throws Exception {
        Path shortHex = Files.writeString(tmp.resolve("short.key"), "abcdef0123\n");
        Path text = Files.writeString(tmp.resolve("text.key"), "password123\n");
        Path rsa = Files.writeString(tmp.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SigningKey.load(shortHex)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("short.key").hasMessageContaining("at least 32");
        assertThatThrownBy(() -> SigningKey.load(text)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("text.key").hasMessageNotContaining("password123");
        assertThatThrownBy(() -> SigningKey.load(rsa)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("RSA PRIVATE KEY");
        assertThatThrownBy(() -> SigningKey.load(tmp.resolve("missing.key"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing.key");
    }

    @Test
    void shouldParseKeyContentFromASecretStoreAsItsFileAndNameTheSourceInErrors() throws Exception {
        SigningKey key = SigningKey.generateEd25519();
        key.writePrivate(tmp.resolve("ci.pem"));

        SigningKey parsed = SigningKey.parse(Files.readAllBytes(tmp.resolve("ci.pem")), "credentials 'ci-key'");

        assertThat(parsed.keyId()).isEqualTo(key.keyId());
        assertThat(parsed.canSign()).isTrue();
        assertThatThrownBy(() -> SigningKey.parse("password123\n".getBytes(StandardCharsets.US_ASCII),
                "credentials 'ci-key'")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("credentials 'ci-key': not a key file").hasMessageNotContaining("password123");
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
