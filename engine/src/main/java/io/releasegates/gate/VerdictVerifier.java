package io.releasegates.gate;

import io.releasegates.duration.Ages;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers "may this exact package be promoted on the strength of this verdict?": the verdict must carry a valid
 * signature by the given key, name this package's SHA-256, not be BLOCK, stand on evidence the gate verified with that
 * key, and match what the caller pins (environment, maximum age, the evidence files as they are now). All problems
 * are collected.
 */
public final class VerdictVerifier {
    private VerdictVerifier() {
    }

    /**
     * What the verdict must be for, beyond package and signature; each null member is not checked.
     *
     * @param environment the environment being promoted to: a verdict for another one is refused
     * @param maxAge      the verdict must have been made at most this long before {@code now}
     * @param evidenceDir re-hash every evidence file the verdict records in this directory: missing or changed files
     *                    are refused
     * @param now         the clock ages are measured against
     */
    public record Pins(String environment, Duration maxAge, Path evidenceDir, Instant now) {
        public Pins {
            now = now == null ? Instant.now() : now;
        }

        public static Pins none() {
            return new Pins(null, null, null, null);
        }
    }

    /**
     * @param verdict       the verdict as signed (null when it could not be parsed)
     * @param packageSha256 hash of the package given
     * @param problems      why promotion is refused; empty = promotion allowed
     */
    public record Result(Verdict verdict, String packageSha256, String signature, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Result verify(Path verdictFile, Path packageFile, VerdictSigner key) {
        return verify(verdictFile, packageFile, key, Pins.none());
    }

    public static Result verify(Path verdictFile, Path packageFile, VerdictSigner key, Pins pins) {
        ObjectNode tree = VerdictJson.readTree(verdictFile);
        String sha;
        try {
            sha = Digests.sha256(packageFile);
        } catch (IOException e) {
            throw new BadInputException(packageFile + ": cannot read package (" + e.getMessage() + ")", e);
        }
        List<String> problems = new ArrayList<>();
        VerdictSigner.Check check = key.verify(tree);
        if (!check.valid()) {
            problems.add("signature: " + check.message());
        }
        Verdict verdict = VerdictJson.fromTree(verdictFile, tree);
        if (verdict.packageSha256().isEmpty()) {
            problems.add("the verdict names no package");
        } else if (!verdict.packageSha256().equalsIgnoreCase(sha)) {
            problems.add("the verdict is about another package: it judged " + verdict.packagePath() + " (sha256 "
                    + verdict.packageSha256() + "), " + packageFile + " has sha256 " + sha);
        }
        if (verdict.status() == Status.BLOCK) {
            problems.add("the verdict is BLOCK for " + verdict.environment() + " (" + verdict.count(Status.BLOCK)
                    + " blocking condition(s))");
        }
        for (Verdict.EvidenceRef ref : verdict.evidence()) {
            // a verdict made without checking evidence signatures (an older release, or a forged one) proves nothing
            if (!ref.signedBy().equals(key.keyId())) {
                problems.add("evidence " + ref.file() + " was not verified with key " + key.keyId() + " when the "
                        + "verdict was made" + (ref.signedBy().isEmpty() ? "" : " (it was with " + ref.signedBy() + ")"));
            }
        }
        checkPins(verdict, pins, problems);
        return new Result(verdict, sha, check.message(), problems);
    }

    private static void checkPins(Verdict verdict, Pins pins, List<String> problems) {
        if (pins.environment() != null && !pins.environment().equals(verdict.environment())) {
            problems.add("the verdict is for environment '" + verdict.environment() + "', not for '"
                    + pins.environment() + "'");
        }
        if (pins.maxAge() != null) {
            Duration age = Duration.between(verdict.evaluatedAt(), pins.now());
            if (age.isNegative() && age.negated().compareTo(GateEvaluator.FUTURE_TOLERANCE) > 0) {
                problems.add("the verdict claims to be made at " + verdict.evaluatedAt() + ", "
                        + Ages.format(age.negated()) + " in the future (clock skew or forgery)");
            } else if (age.compareTo(pins.maxAge()) > 0) {
                problems.add("the verdict was made " + Ages.format(age) + " ago (" + verdict.evaluatedAt()
                        + "), older than max-age " + Ages.format(pins.maxAge()));
            }
        }
        if (pins.evidenceDir() != null) {
            checkEvidenceFiles(verdict, pins.evidenceDir(), problems);
        }
    }

    private static void checkEvidenceFiles(Verdict verdict, Path dir, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": evidence directory not found");
        }
        for (Verdict.EvidenceRef ref : verdict.evidence()) {
            Path name = Path.of(ref.file()).getFileName();
            if (name == null || !name.toString().equals(ref.file())) {
                // the verdict is signed, but a file name with separators must never lead the check outside dir
                problems.add("evidence '" + ref.file() + "' recorded in the verdict is not a plain file name");
                continue;
            }
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                problems.add("evidence " + ref.file() + " recorded in the verdict is missing from " + dir);
                continue;
            }
            try {
                String now = Digests.sha256(file);
                if (!now.equalsIgnoreCase(ref.sha256())) {
                    problems.add("evidence " + file + " changed after the verdict was made (sha256 " + now
                            + ", the verdict recorded " + ref.sha256() + ")");
                }
            } catch (IOException e) {
                problems.add("evidence " + file + " cannot be read (" + e.getMessage() + ")");
            }
        }
    }
}
