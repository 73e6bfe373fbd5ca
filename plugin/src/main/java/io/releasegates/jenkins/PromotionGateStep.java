package io.releasegates.jenkins;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.util.ListBoxModel;
import io.releasegates.gate.GateRequest;
import io.releasegates.gate.PromotionGate;
import io.releasegates.signing.SigningKey;
import io.releasegates.pipeline.Promotion;
import io.releasegates.report.BadInputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import jenkins.MasterToSlaveFileCallable;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code promotionGate policy: 'policy.yml', environment: 'production'}: the CLI's {@code release-gates gate}, over
 * the evidence this build's gate steps recorded (plus {@code evidenceDir}). Returns
 * {@code [verdict: 'PASS'|'WARN'|'BLOCK', reasons: [...], passed: …, counts: …]}; on BLOCK does what {@code onBlock}
 * says: stop the build (default), mark the stage unstable, or mark the build failed and go on.
 */
public class PromotionGateStep extends Step {
    private final String policy;
    private String environment = "production";
    private String evidenceDir;
    private String packageFile;
    private String key;
    private String keyCredentialsId;
    /** {@code stop}, {@code unstable} or {@code fail}; null: decided by the deprecated booleans, else {@code stop}. */
    private String onBlock;
    /** Before {@code onBlock}: still read from older Jenkinsfiles, never written by the snippet generator. */
    private Boolean stopBuild;
    private Boolean stageOnly;
    private boolean warnFails;
    private String outputDir = GateStep.DEFAULT_OUTPUT_DIR;

    @DataBoundConstructor
    public PromotionGateStep(String policy) {
        this.policy = Util.fixEmptyAndTrim(policy);
    }

    public String getPolicy() {
        return policy;
    }

    public String getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment) == null ? "production" : environment.trim();
    }

    public String getEvidenceDir() {
        return evidenceDir;
    }

    @DataBoundSetter
    public void setEvidenceDir(String evidenceDir) {
        this.evidenceDir = Util.fixEmptyAndTrim(evidenceDir);
    }

    public String getPackageFile() {
        return packageFile;
    }

    @DataBoundSetter
    public void setPackageFile(String packageFile) {
        this.packageFile = Util.fixEmptyAndTrim(packageFile);
    }

    public String getKey() {
        return key;
    }

    @DataBoundSetter
    public void setKey(String key) {
        this.key = Util.fixEmptyAndTrim(key);
    }

    public String getKeyCredentialsId() {
        return keyCredentialsId;
    }

    /**
     * The key as a Secret file credential instead of a file on the agent: read on the controller for this build and
     * handed to the agent in memory, so it never lands in the workspace or the log. Excludes {@code key}.
     */
    @DataBoundSetter
    public void setKeyCredentialsId(String keyCredentialsId) {
        this.keyCredentialsId = Util.fixEmptyAndTrim(keyCredentialsId);
    }

    static final String STOP = "stop";
    static final String UNSTABLE = "unstable";
    static final String FAIL = "fail";

    /**
     * What a BLOCK does: {@code stop} (default) fails the build and stops the pipeline; {@code unstable} marks the stage
     * with a warning and the build UNSTABLE and goes on; {@code fail} marks the build FAILURE and goes on.
     */
    public String getOnBlock() {
        if (onBlock != null) {
            return onBlock;
        }
        // the old booleans: stageOnly won over stopBuild
        return Boolean.TRUE.equals(stageOnly) ? UNSTABLE : Boolean.FALSE.equals(stopBuild) ? FAIL : STOP;
    }

    @DataBoundSetter
    public void setOnBlock(String onBlock) {
        String value = Util.fixEmptyAndTrim(onBlock);
        if (value != null && !Set.of(STOP, UNSTABLE, FAIL).contains(value)) {
            throw new IllegalArgumentException("promotionGate: onBlock must be 'stop', 'unstable' or 'fail', not '"
                    + value + "'");
        }
        this.onBlock = value;
    }

    /** @deprecated use {@code onBlock: 'fail'} (false) or the default {@code onBlock: 'stop'} (true) */
    @Deprecated
    public boolean isStopBuild() {
        return STOP.equals(getOnBlock());
    }

    /** @deprecated use {@link #setOnBlock}; read for Jenkinsfiles written before it */
    @Deprecated
    @DataBoundSetter
    public void setStopBuild(boolean stopBuild) {
        this.stopBuild = stopBuild;
    }

    /** @deprecated use {@code onBlock: 'unstable'} */
    @Deprecated
    public boolean isStageOnly() {
        return UNSTABLE.equals(getOnBlock());
    }

    /** @deprecated use {@link #setOnBlock}; read for Jenkinsfiles written before it */
    @Deprecated
    @DataBoundSetter
    public void setStageOnly(boolean stageOnly) {
        this.stageOnly = stageOnly;
    }

    public boolean isWarnFails() {
        return warnFails;
    }

    @DataBoundSetter
    public void setWarnFails(boolean warnFails) {
        this.warnFails = warnFails;
    }

    public String getOutputDir() {
        return outputDir;
    }

    @DataBoundSetter
    public void setOutputDir(String outputDir) {
        this.outputDir = Util.fixEmptyAndTrim(outputDir) == null ? GateStep.DEFAULT_OUTPUT_DIR : outputDir.trim();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Judges off the CPS thread; the verdict decides the build result only here, in Jenkins terms. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient PromotionGateStep step;

        Execution(PromotionGateStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            FilePath workspace = getContext().get(FilePath.class);
            TaskListener listener = getContext().get(TaskListener.class);
            if (step.policy == null) {
                throw new AbortException("promotionGate: policy is required");
            }
            if (step.key != null && step.keyCredentialsId != null) {
                throw new AbortException("promotionGate: give key or keyCredentialsId, not both");
            }
            byte[] keyContent = step.keyCredentialsId == null ? null
                    : KeyCredentials.content(run, step.keyCredentialsId, "promotionGate");
            Map<String, byte[]> evidence = new HashMap<>();
            for (File f : GateReportAction.evidenceOf(run)) {
                evidence.put(f.getName(), Files.readAllBytes(f.toPath()));
            }
            String baseName = GateReportAction.nextId(run, "gate");
            StepSummary summary;
            try {
                summary = workspace.act(new Judge(step, baseName, evidence, keyContent));
            } catch (BadInputException | IllegalArgumentException e) {
                throw new AbortException("[release-gates] promotionGate: " + e.getMessage());
            }
            GateReportAction.record(run, workspace.child(step.outputDir), baseName, summary);
            listener.getLogger().println("[release-gates] " + summary.title + ": " + summary.verdict + " ("
                    + evidence.size() + " evidence file(s) from this build; verdict in " + step.outputDir + "/"
                    + baseName + ".json)");
            // each reason once, here; what follows on BLOCK only refers to them
            summary.reasons.forEach(r -> listener.getLogger().println("[release-gates]   " + r));
            if (summary.passed) {
                PromotedRelease.record(run, step.environment, listener);
            }
            if (!summary.passed) {
                String headline = summary.title + ": " + summary.verdict;
                String why = " (" + summary.reasons.size() + " reason(s) listed above)";
                switch (step.getOnBlock()) {
                    case UNSTABLE -> {
                        getContext().get(FlowNode.class)
                                .addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(headline));
                        run.setResult(Result.UNSTABLE);
                        listener.getLogger().println("[release-gates] " + headline + why
                                + ": stage and build marked UNSTABLE (onBlock: 'unstable')");
                    }
                    case FAIL -> {
                        run.setResult(Result.FAILURE);
                        listener.getLogger().println("[release-gates] " + headline + why
                                + ": build marked FAILURE, the pipeline goes on (onBlock: 'fail')");
                    }
                    default -> throw new AbortException("[release-gates] " + headline + why);
                }
            }
            return summary.toScriptValue();
        }
    }

    /** On the agent: the engine's promotion gate over this build's evidence and the workspace's files. */
    private static final class Judge extends MasterToSlaveFileCallable<StepSummary> {
        private static final long serialVersionUID = 1L;
        private final String policy;
        private final String environment;
        private final String evidenceDir;
        private final String packageFile;
        private final String key;
        /** Key content from a Secret file credential: travels to the agent in memory only. */
        private final byte[] keyContent;
        private final String keySource;
        private final boolean warnFails;
        private final String outputDir;
        private final String baseName;
        private final HashMap<String, byte[]> evidence;

        Judge(PromotionGateStep step, String baseName, Map<String, byte[]> evidence, byte[] keyContent) {
            this.policy = step.policy;
            this.environment = step.environment;
            this.evidenceDir = step.evidenceDir;
            this.packageFile = step.packageFile;
            this.key = step.key;
            this.keyContent = keyContent == null ? null : keyContent.clone();
            this.keySource = step.keyCredentialsId == null ? null : KeyCredentials.source(step.keyCredentialsId);
            this.warnFails = step.warnFails;
            this.outputDir = step.outputDir;
            this.baseName = baseName;
            this.evidence = new HashMap<>(evidence);
        }

        @Override
        public StepSummary invoke(File workspace, VirtualChannel channel) throws IOException {
            Path ws = workspace.toPath();
            Path out = ws.resolve(outputDir);
            // the key as loaded from a credential, or as a file in the workspace (given both, the builder refuses)
            GateRequest request = GateRequest.builder(GateCallable.resolve(ws, policy), environment)
                    .key(keyContent == null ? null : SigningKey.parse(keyContent, keySource))
                    .keyFile(GateCallable.resolve(ws, key))
                    .runEvidence(evidence, out.resolve(baseName + "-evidence"))
                    .evidenceDir(GateCallable.resolve(ws, evidenceDir))
                    .packageFile(GateCallable.resolve(ws, packageFile))
                    .warnFails(warnFails).verdictFiles(out, baseName).now(Instant.now()).build();
            Promotion p = Promotion.of(request, PromotionGate.judge(request));
            return new StepSummary(p.outputs(), p.status(), p.reasons());
        }
    }

    @Extension
    @Symbol("promotionGate")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return GateStep.requiredContext();
        }

        @Override
        public String getFunctionName() {
            return "promotionGate";
        }

        /** Secret file credentials for {@code keyCredentialsId}, as the job may use them. */
        public ListBoxModel doFillKeyCredentialsIdItems(@AncestorInPath Item item,
                                                       @QueryParameter String keyCredentialsId) {
            return KeyCredentials.items(item, keyCredentialsId);
        }

        /** The three choices of {@code onBlock}, each explained in the form. */
        public ListBoxModel doFillOnBlockItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.PromotionGateStep_OnBlock_Stop(), STOP);
            items.add(Messages.PromotionGateStep_OnBlock_Unstable(), UNSTABLE);
            items.add(Messages.PromotionGateStep_OnBlock_Fail(), FAIL);
            return items;
        }

        @Override
        public String getDisplayName() {
            return Messages.PromotionGateStep_DisplayName();
        }
    }
}
