package io.releasegates.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jenkins.model.TransientActionFactory;

/**
 * The job page's trend: for the last builds, each gate's status and finding count, read from the build actions
 * (nothing stored of its own). Shown as a floating box on the job page; no URL of its own.
 */
public class GateTrendAction implements Action {
    static final int BUILDS = 10;

    private final Job<?, ?> job;

    GateTrendAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** Recent builds that ran at least one gate step, newest first. */
    public List<Run<?, ?>> getBuilds() {
        List<Run<?, ?>> out = new ArrayList<>();
        for (Run<?, ?> r : job.getBuilds().limit(BUILDS)) {
            if (!r.getActions(GateReportAction.class).isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Every gate id seen in those builds, as the trend table's columns. */
    public Set<String> getIds() {
        Set<String> ids = new TreeSet<>();
        getBuilds().forEach(r -> r.getActions(GateReportAction.class).forEach(a -> ids.add(a.getId())));
        return ids;
    }

    /** The action of gate {@code id} in build {@code run}, or null (for the Jelly view). */
    public GateReportAction action(Run<?, ?> run, String id) {
        return run.getActions(GateReportAction.class).stream().filter(a -> a.getId().equals(id)).findFirst().orElse(null);
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.GateTrendAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }

    /** Adds the trend to every job; it renders nothing until a build ran a gate step. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            return List.of(new GateTrendAction(target));
        }
    }
}
