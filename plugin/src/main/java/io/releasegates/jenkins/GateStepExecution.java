package io.releasegates.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.releasegates.report.BadInputException;
import java.util.Map;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs a gate step off the CPS thread: the engine on the agent, then the build action on the controller. An
 * incomplete run fails the step (never a silent pass); findings at the step's threshold mark stage and build UNSTABLE,
 * leaving the decision to stop to {@code promotionGate}.
 */
class GateStepExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    private final transient GateStep step;

    GateStepExecution(GateStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        FilePath workspace = getContext().get(FilePath.class);
        TaskListener listener = getContext().get(TaskListener.class);
        String baseName = GateReportAction.nextId(run, step.gate());
        String credentialsId = step.getEvidenceKeyCredentialsId();
        if (credentialsId != null && step.getEvidenceKey() != null) {
            throw new AbortException("[release-gates] " + step.gate()
                    + ": give evidenceKey or evidenceKeyCredentialsId, not both");
        }
        // read on the controller for this build; it reaches the agent inside the callable, never as a file
        byte[] keyContent = credentialsId == null ? null : KeyCredentials.content(run, credentialsId, step.gate());
        StepSummary summary;
        try {
            GateCallable callable = step.callable(ReleaseGatesConfiguration.get(), baseName,
                    getContext().get(EnvVars.class));
            if (keyContent != null) {
                callable.signWith(keyContent, KeyCredentials.source(credentialsId));
            }
            summary = workspace.act(callable);
        } catch (BadInputException | IllegalArgumentException | java.time.DateTimeException e) {
            // bad input or a bad parameter: the engine's one-line message names it; a stack trace would only bury it
            throw new AbortException("[release-gates] " + step.gate() + ": " + e.getMessage());
        }
        GateReportAction action = GateReportAction.record(run, workspace.child(step.getOutputDir()), baseName, summary);
        listener.getLogger().println("[release-gates] " + summary.title + ": " + action.getStatus() + ", "
                + action.getHeadline() + " (reports in " + step.getOutputDir() + "/" + baseName + ".*)");
        if (!summary.errors.isEmpty()) {
            throw new AbortException("[release-gates] " + summary.gate + " could not run completely: "
                    + String.join("; ", summary.errors));
        }
        // only a complete run may follow up (an incomplete host inventory must not replace a host's fleet snapshot)
        try {
            step.afterRun(run, workspace, baseName, listener);
        } catch (BadInputException e) {
            throw new AbortException("[release-gates] " + step.gate() + ": " + e.getMessage());
        }
        if (!summary.passed) {
            String message = summary.gate + ": WARN, findings at or above " + step.getFailOn();
            getContext().get(FlowNode.class).addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(message));
            run.setResult(Result.UNSTABLE);
            listener.getLogger().println("[release-gates] " + message + ": build marked UNSTABLE");
        }
        return summary.toScriptValue();
    }
}
