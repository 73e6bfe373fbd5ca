package io.releasegates.gate;

import io.releasegates.report.BadInputException;
import io.releasegates.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writing the verdict's renderings, for {@link PromotionGate#judge} (the one path shared by {@code release-gates gate},
 * {@code check} and the Jenkins {@code promotionGate} step).
 */
public final class VerdictFiles {
    private VerdictFiles() {
    }

    /** Refuses a key that cannot sign before anything is written; a null signer writes an unsigned verdict. */
    public static void requireSigning(VerdictSigner signer) {
        if (signer != null && !signer.canSign()) {
            throw new BadInputException("key " + signer.keyId() + " can only verify: give the private key to sign");
        }
    }

    /** Writes each rendering whose target is not null (JSON signed when a signer is given, HTML, JUnit). */
    public static void write(Verdict verdict, VerdictSigner signer, boolean warnFails, Path json, Path html, Path junit)
            throws IOException {
        requireSigning(signer);
        if (json != null) {
            ReportWriter.writeAtomically(json, VerdictJson.render(verdict, signer));
        }
        if (html != null) {
            ReportWriter.writeAtomically(html, VerdictHtml.render(verdict, signer == null ? "" : signer.keyId()));
        }
        if (junit != null) {
            ReportWriter.writeAtomically(junit, VerdictJUnit.render(verdict, warnFails));
        }
    }
}
