package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.Label;
import hudson.slaves.DumbSlave;
import java.io.File;
import java.nio.file.Path;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
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
        // the report inline at full height, inside Jenkins' page: no frame, rendered from the stored JSON
        assertThat(page.getElementsByTagName("iframe")).isEmpty();
        DomElement inline = page.getElementById("release-gates-report");
        assertThat(inline.asNormalizedText()).contains(action.getTitle()).contains("PASS").contains("Findings (0)");
        assertThat(inline.getElementsByTagName("script")).isEmpty();
        // the standalone file stays available, sandboxed
        WebResponse report = wc.goTo(build.getUrl() + action.getUrlName() + "/report", null).getWebResponse();
        assertThat(report.getContentType()).isEqualTo("text/html");
        assertThat(report.getResponseHeaderValue("Content-Security-Policy")).startsWith("sandbox allow-scripts;");
        assertThat(report.getContentAsString()).contains("<title>" + action.getTitle() + "</title>").contains("components");
        // one "Release gates" entry in the build's side panel, none per gate; its page lists the gate runs
        HtmlPage buildPage = wc.getPage(build);
        String sidePanel = buildPage.getElementById("side-panel").asNormalizedText();
        assertThat(sidePanel).contains("Release gates").doesNotContain("Release gate:");
        assertThat(buildPage.asNormalizedText()).contains(action.getTitle() + ": PASS");
        HtmlPage gates = wc.getPage(build, BuildGatesAction.URL);
        assertThat(gates.getElementById("release-gates-runs").asNormalizedText()).contains(action.getTitle())
                .contains("PASS").contains(action.getSummary().get("components") + " components");
        // the job page's trend says how many components the inventory found
        assertThat(wc.getPage(job).getElementById("release-gates-trend").asNormalizedText()).contains("inventory")
                .contains("PASS · " + action.getSummary().get("components") + " components");
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
