package io.releasegates.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * What every gate step shares: where the reports go in the workspace and the severity that makes the stage unstable.
 * The engine work itself is the {@link GateCallable} each step builds; it runs on the agent owning the workspace.
 */
public abstract class GateStep extends Step {
    static final String DEFAULT_OUTPUT_DIR = "release-gates";
    static final String DEFAULT_FAIL_ON = "high";

    private String outputDir = DEFAULT_OUTPUT_DIR;
    private String failOn = DEFAULT_FAIL_ON;
    private String evidenceKey;
    private String evidenceKeyCredentialsId;

    public String getOutputDir() {
        return outputDir;
    }

    /** Folder in the workspace for the SARIF, JUnit, JSON and HTML reports (default {@code release-gates}). */
    @DataBoundSetter
    public void setOutputDir(String outputDir) {
        this.outputDir = Util.fixEmptyAndTrim(outputDir) == null ? DEFAULT_OUTPUT_DIR : outputDir.trim();
    }

    public String getFailOn() {
        return failOn;
    }

    /** Findings at or above this severity mark the stage and the build UNSTABLE (default {@code high}). */
    @DataBoundSetter
    public void setFailOn(String failOn) {
        this.failOn = Util.fixEmptyAndTrim(failOn) == null ? DEFAULT_FAIL_ON : failOn.trim();
    }

    public String getEvidenceKey() {
        return evidenceKey;
    }

    /**
     * Key file on the agent (relative to the workspace unless absolute) that signs the step's JSON evidence: the one
     * {@code promotionGate key:} is given, which blocks unsigned evidence. The CLI's {@code --evidence-key}; named
     * apart from {@code verifyConfigIntegrity}'s {@code key} (the baseline's key).
     */
    @DataBoundSetter
    public void setEvidenceKey(String evidenceKey) {
        this.evidenceKey = Util.fixEmptyAndTrim(evidenceKey);
    }

    public String getEvidenceKeyCredentialsId() {
        return evidenceKeyCredentialsId;
    }

    /**
     * The evidence signing key as a Secret file credential instead of a file on the agent: read on the controller for
     * this build and handed to the agent in memory, so it never lands in the workspace. Excludes {@code evidenceKey}.
     */
    @DataBoundSetter
    public void setEvidenceKeyCredentialsId(String evidenceKeyCredentialsId) {
        this.evidenceKeyCredentialsId = Util.fixEmptyAndTrim(evidenceKeyCredentialsId);
    }

    /** The engine call, with the global defaults filled in on the controller before it travels to the agent. */
    abstract GateCallable callable(ReleaseGatesConfiguration config, String baseName, EnvVars environment)
            throws AbortException;

    /** Jenkins-side follow-up on the controller once the engine ran and the action is attached (default: none). */
    void afterRun(Run<?, ?> run, FilePath workspace, String baseName, TaskListener listener)
            throws IOException, InterruptedException {
    }

    /** The gate name used for file and action names: inventory, scan, backups, integrity, gate. */
    abstract String gate();

    @Override
    public StepExecution start(StepContext context) {
        return new GateStepExecution(this, context);
    }

    /**
     * Every gate step needs a workspace (and so an agent), the build, its log, the stage's node and the build's
     * environment (where {@code withCredentials} puts secrets such as a restic password).
     */
    static Set<Class<?>> requiredContext() {
        return Set.of(Run.class, FilePath.class, TaskListener.class, FlowNode.class, EnvVars.class);
    }

    /** Shared descriptor base: the context every gate step needs. */
    public abstract static class GateStepDescriptor extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return requiredContext();
        }

        /** Secret file credentials for {@code evidenceKeyCredentialsId}, as the job may use them. */
        public ListBoxModel doFillEvidenceKeyCredentialsIdItems(@AncestorInPath Item item,
                                                                @QueryParameter String evidenceKeyCredentialsId) {
            return KeyCredentials.items(item, evidenceKeyCredentialsId);
        }

        /** The engine's severities; public knowledge, but still only for users who may read Jenkins. */
        public ListBoxModel doFillFailOnItems() {
            Jenkins.get().checkPermission(Jenkins.READ);
            ListBoxModel items = new ListBoxModel();
            for (Severity s : Severity.values()) {
                items.add(s.label());
            }
            return items;
        }
    }
}
