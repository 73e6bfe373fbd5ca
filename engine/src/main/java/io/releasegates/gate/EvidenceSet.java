package io.releasegates.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.EvidenceJson;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything in an evidence directory: the files that could be read and, for every other {@code *.json} file, why
 * not. Unreadable files are kept as problems, never skipped, because the gate must fail closed on them.
 *
 * @param dir      the directory read
 * @param loaded   readable evidence, in file-name order
 * @param problems files that could not be used as evidence
 */
public record EvidenceSet(Path dir, List<Evidence> loaded, List<Problem> problems) {

    public EvidenceSet {
        loaded = List.copyOf(loaded);
        problems = List.copyOf(problems);
    }

    /**
     * A {@code *.json} file that is not usable evidence.
     *
     * @param ruleId  {@link GateRuleIds#EVIDENCE_UNREADABLE}, {@link GateRuleIds#EVIDENCE_SCHEMA},
     *                {@link GateRuleIds#EVIDENCE_UNSIGNED} or {@link GateRuleIds#EVIDENCE_SIGNATURE}
     * @param message one line naming the file and the problem
     */
    public record Problem(Path file, String ruleId, String message) {
    }

    /** Reads every {@code *.json} file directly in {@code dir} without checking signatures (no key to check with). */
    public static EvidenceSet load(Path dir) {
        return load(dir, null);
    }

    /**
     * Reads every {@code *.json} file directly in {@code dir}; verdicts (our own output) are passed over. With a key,
     * every evidence file must carry a valid signature by it: unsigned evidence is {@link GateRuleIds#EVIDENCE_UNSIGNED}
     * and a signature that does not verify (content changed, other key, malformed) is
     * {@link GateRuleIds#EVIDENCE_SIGNATURE}, both problems the gate blocks on (fail closed).
     */
    public static EvidenceSet load(Path dir, VerdictSigner key) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": evidence directory not found");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list evidence directory (" + e.getMessage() + ")", e);
        }
        List<Evidence> loaded = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            readOne(file, key, loaded, problems);
        }
        return new EvidenceSet(dir, loaded, problems);
    }

    private static void readOne(Path file, VerdictSigner key, List<Evidence> loaded, List<Problem> problems) {
        byte[] bytes;
        ObjectNode root;
        try {
            bytes = RegularFiles.readAllBytes(file);
            root = EvidenceJson.parse(file, bytes);
        } catch (IOException e) {
            String why = firstLine(e.getMessage());
            problems.add(new Problem(file, GateRuleIds.EVIDENCE_UNREADABLE, why.startsWith(file.toString()) ? why
                    : file + ": not readable JSON (" + why + ")"));
            return;
        }
        String schema = root.path("schema").asText("");
        if (VerdictJson.SCHEMA.equals(schema)) {
            return;
        }
        if (!EvidenceJson.SCHEMA.equals(schema)) {
            problems.add(new Problem(file, GateRuleIds.EVIDENCE_SCHEMA, file + ": unknown evidence schema '" + schema
                    + "' (expected " + EvidenceJson.SCHEMA + ")"));
            return;
        }
        String signedBy = "";
        if (key != null) {
            JsonNode sig = root.get(EvidenceJson.SIGNATURE);
            if (sig == null || sig.isNull()) {
                problems.add(new Problem(file, GateRuleIds.EVIDENCE_UNSIGNED, file + ": evidence is not signed, but the "
                        + "gate checks evidence with key " + key.keyId() + " (write it with the step's evidence-key setting)"));
                return;
            }
            VerdictSigner.Check check = key.verify(root);
            if (!check.valid()) {
                problems.add(new Problem(file, GateRuleIds.EVIDENCE_SIGNATURE, file + ": evidence signature does not "
                        + "verify: " + check.message()));
                return;
            }
            signedBy = key.keyId();
        }
        try {
            GateReport report = EvidenceJson.toReport(file, root);
            loaded.add(new Evidence(file, Digests.sha256(bytes), signedBy, report));
        } catch (IOException e) {
            problems.add(new Problem(file, GateRuleIds.EVIDENCE_UNREADABLE, firstLine(e.getMessage())));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
