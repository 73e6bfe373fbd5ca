package io.releasegates.gate;

import io.releasegates.files.Digests;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The promotion gate's one entry point: {@code release-gates gate}, {@code check} and the Jenkins
 * {@code promotionGate} step all judge through {@link #judge(GateRequest)}, so that they cannot drift apart.
 */
public final class PromotionGate {
    private PromotionGate() {
    }

    /**
     * Gathers the evidence when the request says so, reads the policy and every evidence file (each checked against
     * the request's signer when there is one: a signed verdict never stands on unsigned evidence), judges them for the
     * environment and writes the verdict's renderings the request names.
     */
    public static Verdict judge(GateRequest request) throws IOException {
        Path evidence = request.evidenceDir();
        if (request.workDir() != null) {
            evidence = gather(request.runEvidence(), request.evidenceDir(), request.workDir());
        }
        VerdictSigner signer = request.signer();
        VerdictFiles.requireSigning(signer);
        Path policyFile = request.policy();
        Policy policy = PolicyReader.read(policyFile);
        Verdict verdict = GateEvaluator.evaluate(new GateEvaluator.Request(policy, policyFile.toString(),
                Digests.sha256(policyFile), EvidenceSet.load(evidence, signer), request.environment(),
                packageRef(request.packageFile()), request.now()));
        VerdictFiles.write(verdict, signer, request.warnFails(), request.json(), request.html(), request.junit());
        return verdict;
    }

    /** The package the evidence must be about, or null when none is given. */
    static GateEvaluator.PackageRef packageRef(Path packageFile) throws IOException {
        if (packageFile == null) {
            return null;
        }
        if (!Files.isRegularFile(packageFile)) {
            throw new BadInputException(packageFile + ": package file not found");
        }
        return new GateEvaluator.PackageRef(packageFile.toString(), Digests.sha256(packageFile));
    }

    /**
     * Copies this run's evidence and the evidence folder's {@code *.json} into {@code workDir}, emptied of earlier
     * {@code *.json} first, so that a reused workspace never lends stale evidence.
     */
    private static Path gather(Map<String, byte[]> runEvidence, Path evidenceDir, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        try (Stream<Path> old = Files.list(workDir)) {
            for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, byte[]> e : runEvidence.entrySet()) {
            Files.write(workDir.resolve(plainName(e.getKey())), e.getValue());
        }
        if (evidenceDir != null) {
            if (!Files.isDirectory(evidenceDir)) {
                throw new BadInputException(evidenceDir + ": evidence directory not found");
            }
            try (Stream<Path> files = Files.list(evidenceDir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    // prefixed, so that a file never overwrites this build's own evidence of the same name
                    // through RegularFiles: a FIFO or device here is named (one-line error), never waited on
                    try (InputStream in = RegularFiles.newInputStream(p)) {
                        Files.copy(in, workDir.resolve("file-" + p.getFileName()));
                    }
                }
            }
        }
        return workDir;
    }

    private static String plainName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.json")) {
            throw new IllegalArgumentException("evidence name must be a plain *.json file name: " + name);
        }
        return name;
    }
}
