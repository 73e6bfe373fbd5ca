package io.releasegates.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.signing.Signatures;
import io.releasegates.signing.SigningKey;
import java.nio.file.Path;

/**
 * Verdict signing with the integrity gate's key mechanism, so one key file (Ed25519 PEM or HMAC-SHA256 hex secret)
 * signs both baselines and verdicts, and a verify-only Ed25519 public key checks both.
 */
public final class VerdictKeys {
    private VerdictKeys() {
    }

    /** Loads a key file; bad files are {@link io.releasegates.report.BadInputException}s naming the file. */
    public static VerdictSigner load(Path keyFile) {
        return of(SigningKey.load(keyFile));
    }

    public static VerdictSigner of(SigningKey key) {
        return new VerdictSigner() {
            @Override
            public String keyId() {
                return key.keyId();
            }

            @Override
            public boolean canSign() {
                return key.canSign();
            }

            @Override
            public ObjectNode sign(ObjectNode document) {
                return Signatures.sign(document, key);
            }

            @Override
            public Check verify(JsonNode document) {
                Signatures.Verification v = Signatures.verify(document, key);
                return new Check(v.valid(), v.message());
            }
        };
    }
}
