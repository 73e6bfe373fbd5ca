package io.releasegates.gate;

import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Judging an evidence folder and writing the verdict's renderings: the one path shared by {@code release-gates gate},
 * {@code check} and the Jenkins {@code promotionGate} step, so that they cannot drift apart.
 */
public final class VerdictFiles {
    private VerdictFiles() {
    }

    /** The package the evidence must be about, or null when none is given. */
    public static GateEvaluator.PackageRef packageRef(Path packageFile) throws IOException {
        if (packageFile == null) {
            return null;
        }
        if (!Files.isRegularFile(packageFile)) {
            throw new BadInputException(packageFile + ": package file not found");
        }
        return new GateEvaluator.PackageRef(packageFile.toString(), Digests.sha256(packageFile));
    }

    /** Reads the policy and every evidence file in {@code evidenceDir}, and judges them for {@code environment}. */
    public static Verdict judge(Path policyFile, Path evidenceDir, String environment, Path packageFile, Instant now)
            throws IOException {
        return judge(policyFile, evidenceDir, environment, packageFile, now, null);
    }

    /**
     * As {@link #judge(Path, Path, String, Path, Instant)}, checking every evidence file's signature with
     * {@code key} when it is not null: the verdict's own key, so a signed verdict always stands on signed evidence.
     */
    public static Verdict judge(Path policyFile, Path evidenceDir, String environment, Path packageFile, Instant now,
                                VerdictSigner key) throws IOException {
        Policy policy = PolicyReader.read(policyFile);
        return GateEvaluator.evaluate(new GateEvaluator.Request(policy, policyFile.toString(),
                Digests.sha256(policyFile), EvidenceSet.load(evidenceDir, key), environment, packageRef(packageFile),
                now));
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
