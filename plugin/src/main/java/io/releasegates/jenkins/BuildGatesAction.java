package io.releasegates.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Run;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * A build's one "Release gates" entry in the side panel and one summary on the build page: every gate run of the
 * build in the order it ran, each linking to its own page ({@link GateReportAction}). Nothing stored of its own.
 */
public class BuildGatesAction implements Action {
    static final String URL = "release-gates";

    private final Run<?, ?> run;

    BuildGatesAction(Run<?, ?> run) {
        this.run = run;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** The build's gate runs in the order they ran (the promotion gate after the steps it judged). */
    public List<GateReportAction> getGates() {
        return run.getActions(GateReportAction.class);
    }

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return Messages.BuildGatesAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL;
    }

    /** Adds the entry to builds that ran at least one gate step. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Run> {
        @Override
        public Class<Run> type() {
            return Run.class;
        }

        @NonNull
        @Override
        @SuppressWarnings("deprecation")
        public Collection<? extends Action> createFor(@NonNull Run target) {
            // the stored actions only (deprecated for other callers): getActions(Class) would ask this factory again
            boolean gates = target.getActions().stream().anyMatch(GateReportAction.class::isInstance);
            return gates ? List.of(new BuildGatesAction(target)) : List.of();
        }
    }
}
