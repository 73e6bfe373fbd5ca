package io.releasegates.jenkins;

import hudson.remoting.VirtualChannel;
import io.releasegates.gate.EvidenceFiles;
import io.releasegates.signing.SigningKey;
import io.releasegates.pipeline.StepOutputs;
import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs one gate on the agent that owns the workspace and leaves its reports there; only a {@link StepSummary} travels
 * back. Subclasses hold nothing but the step's parameters (Strings and booleans) and one call into the engine.
 */
abstract class GateCallable extends MasterToSlaveFileCallable<StepSummary> {
    private static final long serialVersionUID = 1L;

    private final String outputDir;
    private final String baseName;
    private final String failOn;
    /** A path, never the key itself: the key is read on the agent, where the evidence is signed. */
    private final String evidenceKey;
    /** Key content from a Secret file credential: travels to the agent in memory only, never to a file or a log. */
    private byte[] evidenceKeyContent;
    private String evidenceKeySource;

    GateCallable(GateStep step, String baseName) {
        this.outputDir = step.getOutputDir();
        this.baseName = baseName;
        this.failOn = step.getFailOn();
        this.evidenceKey = step.getEvidenceKey();
    }

    /** Signs with a key read from credentials on the controller instead of the {@code evidenceKey} file. */
    GateCallable signWith(byte[] content, String source) {
        this.evidenceKeyContent = content.clone();
        this.evidenceKeySource = source;
        return this;
    }

    /** The engine call; relative paths in the step's parameters are resolved against {@code workspace}. */
    abstract GateReport run(Path workspace, Severity threshold) throws IOException, InterruptedException;

    @Override
    public StepSummary invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path ws = workspace.toPath();
        Severity threshold = Severity.parse(failOn);
        // loaded before the gate runs: a missing or verify-only key fails the step before a long scan, not after it
        SigningKey key = evidenceKeyContent != null ? SigningKey.parse(evidenceKeyContent, evidenceKeySource)
                : evidenceKey == null ? null : SigningKey.load(resolve(ws, evidenceKey));
        EvidenceFiles.requireSigning(key);
        if (Files.exists(ws.resolve(outputDir)) && !Files.isDirectory(ws.resolve(outputDir))) {
            // found by running this project's own Jenkinsfile: its repository has a release-gates launcher at its root
            throw new BadInputException("outputDir '" + outputDir + "' is a file in the workspace, not a directory;"
                    + " give the step another outputDir");
        }
        GateReport report = run(ws, threshold);
        return new StepSummary(StepOutputs.write(report, ws.resolve(outputDir), baseName, threshold, key));
    }

    /** A step parameter as a path: relative to the workspace unless absolute; null stays null. */
    static Path resolve(Path workspace, String value) {
        return value == null || value.isBlank() ? null : workspace.resolve(value.trim());
    }
}
