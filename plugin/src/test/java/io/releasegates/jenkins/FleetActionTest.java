package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class FleetActionTest {
    static final Path HOST_ROOT = Path.of(System.getProperty("releasegates.fixtureSources", "../test-fixtures"))
            .resolve("src/host-debian").toAbsolutePath();

    @Test
    void shouldShowAClearErrorInsteadOfFailingWhenTheStoredPolicyIsInvalid(JenkinsRule r) throws Exception {
        // a policy saved before Save refused invalid ones, or edited on disk
        Files.writeString(new File(r.jenkins.getRootDir(), ReleaseGatesConfiguration.class.getName() + ".xml").toPath(),
                "<?xml version='1.1' encoding='UTF-8'?>\n<" + ReleaseGatesConfiguration.class.getName() + ">\n"
                        + "  <cadencePolicy>tier: nope</cadencePolicy>\n</" + ReleaseGatesConfiguration.class.getName() + ">\n");
        ReleaseGatesConfiguration.get().load();
        assertThat(ReleaseGatesConfiguration.get().getCadencePolicy()).isEqualTo("tier: nope");

        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        HtmlPage page = wc.goTo("release-gates-fleet/");
        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(page.getElementById("release-gates-policy-error").getTextContent())
                .contains("update-cadence policy").contains("unknown key 'tier'");
        assertThat(page.getElementsByTagName("iframe")).isEmpty();

        Page view = wc.goTo("release-gates-fleet/view/hosts", null);
        assertThat(view.getWebResponse().getStatusCode()).isEqualTo(500);
        assertThat(view.getWebResponse().getContentType()).isEqualTo("text/plain");
        assertThat(view.getWebResponse().getContentAsString()).contains("unknown key 'tier'").doesNotContain("Oops")
                .doesNotContain("Exception");
    }

    @Test
    void shouldReportAnAgentToTheStoreAndShowTheFleetOnlyWithThePermission(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("reader", "operator")
                .grant(FleetAction.VIEW).everywhere().to("operator")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        r.createOnlineSlave(Label.get("gates"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "host-inventory");
        job.setDefinition(new CpsFlowDefinition("node('gates') {\n"
                + "  inventoryDependencies host: true, root: '" + HOST_ROOT + "', environment: 'production', role: 'web'\n"
                + "}", true));

        WorkflowRun build = r.buildAndAssertSuccess(job);
        r.assertLogContains("reported host build-agent-07 to the fleet store", build);

        JenkinsRule.WebClient reader = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("reader");
        for (String url : new String[] {"release-gates-fleet/", "release-gates-fleet/view/", "release-gates-fleet/view/api/hosts"}) {
            assertThat(reader.goTo(url, null).getWebResponse().getStatusCode()).as(url).isEqualTo(403);
        }
        assertThat(reader.goTo("").getWebResponse().getContentAsString()).doesNotContain("Fleet patch levels");

        JenkinsRule.WebClient operator = r.createWebClient().login("operator");
        assertThat(operator.goTo("").getWebResponse().getContentAsString()).contains("Fleet patch levels");
        HtmlPage page = operator.goTo("release-gates-fleet/");
        assertThat(page.getElementsByTagName("iframe")).hasSize(1);
        Page dashboard = operator.goTo("release-gates-fleet/view/hosts", null);
        assertThat(dashboard.getWebResponse().getResponseHeaderValue("Content-Security-Policy")).startsWith("sandbox");
        assertThat(dashboard.getWebResponse().getContentAsString()).contains("build-agent-07");
        assertThat(operator.goTo("release-gates-fleet/view/api/hosts", null).getWebResponse().getContentAsString())
                .contains("\"build-agent-07\"").contains("production");
        assertThat(operator.goTo("release-gates-fleet/view/", null).getWebResponse().getContentAsString())
                .contains("Fleet: needs attention").contains("href=\"/jenkins/release-gates-fleet/view/hosts");
        assertThat(operator.goTo("release-gates-fleet/view/overview", null).getWebResponse().getContentAsString())
                .contains("pkg:deb/");
        // a console filter travels through Jenkins' request parameters to the console, and a bad one is a 400
        assertThat(operator.goTo("release-gates-fleet/view/hosts?environment=production&sort=host", null)
                .getWebResponse().getContentAsString()).contains("build-agent-07");
        operator.setThrowExceptionOnFailingStatusCode(false);
        assertThat(operator.goTo("release-gates-fleet/view/hosts?sort=nonsense", null).getWebResponse().getStatusCode())
                .isEqualTo(400);
    }
}
