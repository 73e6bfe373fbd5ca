package io.releasegates.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Signs and checks verdict documents. The gate depends on this small interface only; {@link VerdictKeys} backs it
 * with the same key files and signature format as integrity baselines.
 */
public interface VerdictSigner {
    /** Public name of the key (never the key itself). */
    String keyId();

    /** False for a verify-only key (an Ed25519 public key). */
    boolean canSign();

    /** A copy of {@code document} with a {@code signature} member over its canonical form. */
    ObjectNode sign(ObjectNode document);

    /** Checks the {@code signature} member; never throws for a bad document. */
    Check verify(JsonNode document);

    /**
     * @param valid   only true when the document is signed by this key and unchanged since
     * @param message one line for people
     */
    record Check(boolean valid, String message) {
    }
}
