package io.releasegates.gate;

import io.releasegates.signing.Signatures;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.EvidenceJson;
import io.releasegates.report.GateReport;
import io.releasegates.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writing evidence, signed when a key is given: the one path shared by the step commands ({@code --evidence-key}),
 * {@code check} and the pipeline facades, so that a gate holding the key can tell evidence a step wrote from evidence
 * edited afterwards. The signature is the same member, key files and canonical form as a verdict's
 * ({@link Signatures}).
 */
public final class EvidenceFiles {
    private EvidenceFiles() {
    }

    /** Pretty evidence JSON; signed when {@code key} is not null. */
    public static String render(GateReport report, SigningKey key) {
        if (key == null) {
            return EvidenceJson.render(report);
        }
        requireSigning(key);
        return EvidenceJson.render(Signatures.sign(EvidenceJson.tree(report), key));
    }

    /** Writes {@code report} as evidence to {@code target} (atomically), signed when {@code key} is not null. */
    public static void write(GateReport report, SigningKey key, Path target) throws IOException {
        ReportWriter.writeAtomically(target, render(report, key));
    }

    /** A verify-only key cannot sign evidence: refused before any step runs. */
    public static void requireSigning(SigningKey key) {
        if (key != null && !key.canSign()) {
            throw new io.releasegates.report.BadInputException("key " + key.keyId()
                    + " can only verify: give the private key to sign evidence");
        }
    }
}
