package io.releasegates.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Collections;
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

    /**
     * Every gate id seen in those builds, as the trend table's columns, in pipeline order: the order the steps ran,
     * an id that only some builds have placed right after the gate it followed there.
     */
    public List<String> getIds() {
        List<Run<?, ?>> oldestFirst = new ArrayList<>(getBuilds());
        Collections.reverse(oldestFirst);
        List<List<String>> runs = new ArrayList<>();
        oldestFirst.forEach(r -> runs.add(r.getActions(GateReportAction.class).stream().map(GateReportAction::getId).toList()));
        return pipelineOrder(runs);
    }

    /** The merge behind {@link #getIds()}, over each build's ids in the order they ran (oldest build first). */
    static List<String> pipelineOrder(List<List<String>> runs) {
        List<String> order = new ArrayList<>();
        for (List<String> ids : runs) {
            String previous = null;
            for (String id : ids) {
                if (!order.contains(id)) {
                    order.add(previous == null ? 0 : order.indexOf(previous) + 1, id);
                }
                previous = id;
            }
        }
        return List.copyOf(order);
    }

    /** A column's heading: the gate id, the promotion gate named as such ({@code gate-2}: "promotion 2"). */
    public String heading(String id) {
        return id.equals("gate") ? "promotion" : id.startsWith("gate-") ? "promotion " + id.substring(5) : id;
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
