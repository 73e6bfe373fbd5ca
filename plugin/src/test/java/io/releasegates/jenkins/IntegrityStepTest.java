package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import io.releasegates.integrity.BaselineFile;
import io.releasegates.integrity.IntegrityChecker;
import io.releasegates.integrity.PathFilter;
import io.releasegates.signing.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class IntegrityStepTest {

    @Test
    void shouldReportDriftOnTheAgentAndMarkOnlyUnstable(JenkinsRule r, @TempDir Path tmp) throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(etc.resolve("shop.conf"), "pool=10\n");
        Files.writeString(etc.resolve("logging.conf"), "level=info\n");
        SigningKey key = SigningKey.generateHmac();
        key.writePrivate(tmp.resolve("baseline.key"));
        BaselineFile.write(new IntegrityChecker().baseline(etc, PathFilter.ALL), tmp.resolve("baseline.json"), key);
        Files.writeString(etc.resolve("shop.conf"), "pool=10\ndebug=true\n");
        r.createOnlineSlave(Label.get("gates"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "integrity");
        job.setDefinition(new CpsFlowDefinition("node('gates') {\n"
                + "  def result = verifyConfigIntegrity dir: '" + etc + "', baseline: '" + tmp.resolve("baseline.json")
                + "', key: '" + tmp.resolve("baseline.key") + "'\n"
                + "  echo \"passed=${result.passed}\"\n"
                + "}\n"
                + "echo 'pipeline went on'", true));

        WorkflowRun build = r.buildAndAssertStatus(Result.UNSTABLE, job);

        r.assertLogContains("passed=false", build);
        r.assertLogContains("integrity: WARN, findings at or above high: build marked UNSTABLE", build);
        r.assertLogContains("pipeline went on", build);
        GateReportAction action = build.getAction(GateReportAction.class);
        assertThat(action.getGate()).isEqualTo("integrity");
        assertThat(action.getStatus()).isEqualTo("WARN");
        assertThat(action.getTotal()).isPositive();
        assertThat(new DepthFirstScanner().allNodes(build.getExecution()).stream()
                .map(n -> n.getPersistentAction(WarningAction.class)).filter(a -> a != null)
                .map(WarningAction::getMessage)).anySatisfy(m -> assertThat(m).contains("integrity"));
        // the key is a secret: its path may be logged, its content never
        assertThat(JenkinsRule.getLog(build)).doesNotContain(new String(Files.readAllBytes(tmp.resolve("baseline.key"))).trim());
    }
}
