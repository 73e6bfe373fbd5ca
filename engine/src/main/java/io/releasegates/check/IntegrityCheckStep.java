package io.releasegates.check;

import io.releasegates.integrity.BaselineFile;
import io.releasegates.integrity.IntegrityChecker;
import io.releasegates.integrity.IntegrityRequest;
import io.releasegates.integrity.PathFilter;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Integrity of a deployed configuration tree. Options: {@code demo: true} (baseline a generated config tree with the
 * run's key, then check it), or {@code tree: DIR} with {@code baseline: FILE} (and optionally {@code key: FILE}, the
 * key the baseline was signed with; default the run's key), or {@code tree: DIR} with {@code git: REPO},
 * {@code ref: REF} and optionally {@code path: SUBDIR}.
 */
final class IntegrityCheckStep implements Step {
    private static final Map<String, StepOption> OPTIONS = Map.of("demo", StepOption.FLAG, "tree", StepOption.PATH, "baseline", StepOption.PATH,
            "key", StepOption.PATH, "git", StepOption.PATH, "ref", StepOption.TEXT, "path", StepOption.TEXT);

    @Override
    public Map<String, StepOption> options() {
        return OPTIONS;
    }

    @Override
    public Output run(Context context) throws IOException {
        CheckConfig.StepConfig c = context.config();
        if (c.flag("demo")) {
            Path tree = DemoData.configTree(context.workDir().resolve("config-tree"));
            Path baseline = context.workDir().resolve("baseline.json");
            BaselineFile.write(new IntegrityChecker().baseline(tree, PathFilter.ALL), baseline, context.key());
            GateReport report = IntegrityChecker.check(IntegrityRequest.baseline(tree, baseline, context.key().verifier()));
            return new Output(report, List.of(new Extra("signed baseline", baseline)));
        }
        Path tree = c.path("tree");
        if (tree == null) {
            throw new BadInputException(context.config().baseDir() + ": steps.integrity: needs 'demo: true' or 'tree: DIR'");
        }
        if (c.path("git") != null) {
            return new Output(IntegrityChecker.check(IntegrityRequest.git(tree, c.path("git"), c.text("ref", "HEAD"),
                    c.text("path", ""))), List.of());
        }
        Path baseline = c.path("baseline");
        if (baseline == null) {
            throw new BadInputException(context.config().baseDir() + ": steps.integrity: needs 'baseline: FILE' or 'git: REPO'");
        }
        SigningKey key = c.path("key") != null ? SigningKey.load(c.path("key")) : context.key();
        return new Output(IntegrityChecker.check(IntegrityRequest.baseline(tree, baseline, key.verifier())), List.of());
    }
}
