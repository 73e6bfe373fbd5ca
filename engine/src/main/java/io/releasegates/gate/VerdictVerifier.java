package io.releasegates.gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Digests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers "may this exact package be promoted on the strength of this verdict?": the verdict must carry a valid
 * signature by the given key, name this package's SHA-256, and not be BLOCK. All problems are collected.
 */
public final class VerdictVerifier {
    private VerdictVerifier() {
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
        return new Result(verdict, sha, check.message(), problems);
    }
}
