package io.releasegates.pipeline;

import io.releasegates.files.RegularFiles;
import io.releasegates.gate.Condition;
import io.releasegates.gate.Status;
import io.releasegates.gate.Verdict;
import io.releasegates.gate.VerdictFiles;
import io.releasegates.gate.VerdictKeys;
import io.releasegates.gate.VerdictSigner;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The promotion gate as a CI step runs it: the evidence of this build's earlier steps (handed over as file contents,
 * since they may have run on other agents) plus an optional evidence folder, judged by the policy, with the verdict
 * written as JSON (signed when a key is given), HTML and JUnit under fixed names.
 *
 * @param verdict the engine's verdict
 * @param outputs status and counts for the build page, the verdict files by format
 * @param reasons one line per condition that made the verdict (empty on PASS)
 */
public record Promotion(Verdict verdict, StepOutputs outputs, List<String> reasons) {

    public Promotion {
        reasons = List.copyOf(reasons);
    }

    /** What to judge; paths are already resolved. */
    public record Request(Path policy, String environment, Map<String, byte[]> runEvidence, Path evidenceDir,
                          Path packageFile, Path key, boolean warnFails) {
        public Request {
            runEvidence = Map.copyOf(runEvidence);
        }
    }

    /**
     * Gathers the evidence into {@code workDir} (emptied of earlier {@code *.json} first, so that a reused workspace
     * never lends stale evidence), judges it, and writes {@code <baseName>.json|.html|.junit.xml} into {@code outDir}.
     */
    public static Promotion judge(Request request, Path workDir, Path outDir, String baseName, Instant now)
            throws IOException {
        return judgeWith(request, request.key() == null ? null : SigningKey.load(request.key()), workDir, outDir,
                baseName, now);
    }

    /**
     * As {@link #judge(Request, Path, Path, String, Instant)}, with the key given as loaded (e.g. from a CI secret
     * store, so that it never lands in a workspace) instead of {@link Request#key()}, which must then be null. A null
     * {@code key} means the request's key file, if any: a caller passing "no loaded key" must never lose the file's.
     */
    public static Promotion judge(Request request, SigningKey key, Path workDir, Path outDir, String baseName,
                                  Instant now) throws IOException {
        if (key != null && request.key() != null) {
            throw new IllegalArgumentException("give the promotion gate's key once: as a file or as loaded, not both");
        }
        if (key == null) {
            return judge(request, workDir, outDir, baseName, now);
        }
        return judgeWith(request, key, workDir, outDir, baseName, now);
    }

    private static Promotion judgeWith(Request request, SigningKey key, Path workDir, Path outDir, String baseName,
                                       Instant now) throws IOException {
        gather(request.runEvidence(), request.evidenceDir(), workDir);
        VerdictSigner signer = key == null ? null : VerdictKeys.of(key);
        VerdictFiles.requireSigning(signer);
        // the verdict's key also checks every evidence file: a signed verdict never stands on unsigned evidence
        Verdict verdict = VerdictFiles.judge(request.policy(), workDir, request.environment(), request.packageFile(),
                now, signer);

        Map<String, String> files = new LinkedHashMap<>();
        files.put("json", baseName + ".json");
        files.put("html", baseName + ".html");
        files.put("junit", baseName + ".junit.xml");
        VerdictFiles.write(verdict, signer, request.warnFails(), outDir.resolve(files.get("json")),
                outDir.resolve(files.get("html")), outDir.resolve(files.get("junit")));

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("block", verdict.count(Status.BLOCK));
        counts.put("warn", verdict.count(Status.WARN));
        counts.put("pass", verdict.count(Status.PASS));
        counts.put("waived", verdict.waived());
        boolean passed = verdict.status() == Status.PASS || (verdict.status() == Status.WARN && !request.warnFails());
        StepOutputs outputs = new StepOutputs("gate", "Promotion to " + verdict.environment(), passed, List.of(), counts,
                Map.of("evidence", (long) verdict.evidence().size()), files);
        return new Promotion(verdict, outputs, verdict.reasons().stream().map(Condition::describe).toList());
    }

    /** The verdict's word: PASS, WARN or BLOCK. */
    public String status() {
        return verdict.status().label();
    }

    private static void gather(Map<String, byte[]> runEvidence, Path evidenceDir, Path workDir) throws IOException {
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
                    try (java.io.InputStream in = RegularFiles.newInputStream(p)) {
                        Files.copy(in, workDir.resolve("file-" + p.getFileName()));
                    }
                }
            }
        }
    }

    private static String plainName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.json")) {
            throw new IllegalArgumentException("evidence name must be a plain *.json file name: " + name);
        }
        return name;
    }
}
