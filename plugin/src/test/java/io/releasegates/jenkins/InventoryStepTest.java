package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.Label;
import hudson.slaves.DumbSlave;
import java.io.File;
import java.nio.file.Path;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class InventoryStepTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures", "../test-fixtures/target/fixtures"));

    @Test
    void shouldInventoryOnTheAgentAndShowTheEngineReportOnTheBuildPage(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createOnlineSlave(Label.get("gates"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "inventory");
        String war = FIXTURES.resolve("sample-fixed.war").toAbsolutePath().toString();
        job.setDefinition(new CpsFlowDefinition("node('gates') {\n"
                + "  def result = inventoryDependencies path: '" + war + "'\n"
                + "  echo \"components=${result.summary.components} passed=${result.passed}\"\n"
                + "}", true));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("Running on " + agent.getNodeName(), build);
        r.assertLogContains("passed=true", build);
        GateReportAction action = build.getAction(GateReportAction.class);
        assertThat(action.getId()).isEqualTo("inventory");
        assertThat(action.getSummary().get("components")).isGreaterThan(5L);
        r.assertLogContains("components=" + action.getSummary().get("components"), build);
        // the log says how many components it found, not only that there are 0 findings of each severity
        r.assertLogContains(action.getTitle() + ": PASS, " + action.getSummary().get("components") + " components; critical 0",
                build);
        // the reports stay in the agent's workspace for junit and Warnings NG; the side files are in the build
        FilePath reports = agent.getWorkspaceFor(job).child("release-gates");
        for (String name : new String[] {"inventory.sarif", "inventory.junit.xml", "inventory.json", "inventory.html",
                "inventory.cdx.json"}) {
            assertThat(reports.child(name).exists()).as(name).isTrue();
        }
        assertThat(new File(build.getRootDir(), "release-gates/inventory.html")).isFile();
        assertThat(new File(build.getRootDir(), "build.xml")).content().doesNotContain("pkg:maven/");

        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage page = wc.getPage(build, action.getUrlName());
        assertThat(page.asNormalizedText()).contains(action.getTitle()).contains("PASS").contains("components");
        assertThat(page.getElementsByTagName("iframe")).hasSize(1);
        WebResponse report = wc.goTo(build.getUrl() + action.getUrlName() + "/report", null).getWebResponse();
        assertThat(report.getContentType()).isEqualTo("text/html");
        assertThat(report.getResponseHeaderValue("Content-Security-Policy")).startsWith("sandbox allow-scripts;");
        assertThat(report.getContentAsString()).contains("<title>" + action.getTitle() + "</title>").contains("components");
        // the build page's summary and the job page's trend link to it
        assertThat(wc.getPage(build).asNormalizedText()).contains(action.getTitle() + ": PASS");
        assertThat(wc.getPage(job).getElementById("release-gates-trend").asNormalizedText()).contains("inventory");
    }

    @Test
    void shouldFailWithOneLineWhenTheOutputDirIsAFileInTheWorkspace(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "output-dir-is-a-file");
        String war = FIXTURES.resolve("sample-fixed.war").toAbsolutePath().toString();
        // like this repository's own release-gates launcher at the root of a checkout
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  writeFile file: 'release-gates', text: '#!/bin/sh\\n'\n"
                + "  inventoryDependencies path: '" + war + "'\n"
                + "}", true));

        WorkflowRun build = r.buildAndAssertStatus(hudson.model.Result.FAILURE, job);

        r.assertLogContains("[release-gates] inventory: outputDir 'release-gates' is a file in the workspace, not a directory;",
                build);
        r.assertLogNotContains("FileAlreadyExistsException", build);
        assertThat(build.getAction(GateReportAction.class)).isNull();
    }
}
