package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.model.AbstractProject;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jvnet.hudson.test.JenkinsRule;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The snippet generator's round trip for a step, as workflow-step-api's StepConfigTester and workflow-cps'
 * SnippetizerTester do it (both live in test jars that are not published to Maven Central): the step is shown in
 * its config.jelly form and saved again, then turned into Pipeline syntax, then rebuilt from that syntax's
 * arguments; all three must equal the original.
 */
final class StepConfigRoundTrip {
    private StepConfigRoundTrip() {
    }

    static String assertRoundTrip(JenkinsRule r, Step before) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new StepBuilder(before));
        p = (FreeStyleProject) r.configRoundtrip((Item) p);
        Step afterForm = p.getBuildersList().get(StepBuilder.class).step;
        r.assertEqualDataBoundBeans(before, afterForm);

        String snippet = Snippetizer.object2Groovy(afterForm);
        Step parsed = (Step) DescribableModel.of(before.getClass())
                .instantiate(DescribableModel.uninstantiate2_(afterForm).getArguments(), hudson.model.TaskListener.NULL);
        r.assertEqualDataBoundBeans(before, parsed);
        assertThat(snippet).startsWith(before.getDescriptor().getFunctionName());
        return snippet;
    }

    /** A freestyle build step holding one Pipeline step, only so that the step's config.jelly renders in a form. */
    public static final class StepBuilder extends Builder {
        public final Step step;

        @DataBoundConstructor
        public StepBuilder(Step step) {
            this.step = step;
        }

        @Extension
        public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
            @Override
            @SuppressWarnings("rawtypes")
            public boolean isApplicable(Class<? extends AbstractProject> jobType) {
                return true;
            }

            @Override
            public String getDisplayName() {
                return "Step round trip";
            }
        }
    }
}
