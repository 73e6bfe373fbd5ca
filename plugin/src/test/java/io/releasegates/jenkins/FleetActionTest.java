package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.Page;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The fleet console inside Jenkins: its layout, its permission on every path, its links staying inside Jenkins. */
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
        for (String url : List.of("release-gates-fleet/", "release-gates-fleet/hosts?environment=production")) {
            HtmlPage page = wc.goTo(url);
            assertThat(page.getWebResponse().getStatusCode()).as(url).isEqualTo(500);
            // one line, inside Jenkins' own page (header and side panel), not "Oops!"
            assertThat(page.getElementById("release-gates-error").getTextContent()).as(url)
                    .contains("update-cadence policy").contains("unknown key 'tier'");
            assertThat(page.getElementById("page-header")).as(url).isNotNull();
            assertThat(page.getElementById("side-panel")).as(url).isNotNull();
            assertThat(page.asNormalizedText()).as(url).doesNotContain("Oops").doesNotContain("Exception");
        }
        Page api = wc.goTo("release-gates-fleet/api/list/hosts", null);
        assertThat(api.getWebResponse().getStatusCode()).isEqualTo(500);
        assertThat(api.getWebResponse().getContentType()).isEqualTo("text/plain");
        assertThat(api.getWebResponse().getContentAsString()).contains("unknown key 'tier'").doesNotContain("Exception")
                .doesNotContain("\n");
    }

    @Test
    void shouldRenderTheConsoleInsideJenkinsOnlyWithThePermissionAndFollowAFilterLink(JenkinsRule r) throws Exception {
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
        // a second host in another environment, so that the environment filter has something to leave out
        FleetStoreProvider.get().store().ingest(new HostReport("db-staging-3", "staging", "db", Instant.now(),
                List.of(new PackageRef("pkg:deb/debian/openssl", "deb", "openssl", "3.0.11-1~deb12u2"))));

        // without ViewFleet: 403 on the page and on every path below it (list, detail, exports, JSON, the old prefix)
        JenkinsRule.WebClient reader = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("reader");
        for (String url : List.of("release-gates-fleet/", "release-gates-fleet/hosts?environment=production",
                "release-gates-fleet/hosts/build-agent-07", "release-gates-fleet/advisories", "release-gates-fleet/trend",
                "release-gates-fleet/api/list/hosts", "release-gates-fleet/api/hosts",
                "release-gates-fleet/export/list/hosts.csv", "release-gates-fleet/export/hosts.csv",
                "release-gates-fleet/view/hosts")) {
            assertThat(reader.goTo(url, null).getWebResponse().getStatusCode()).as(url).isEqualTo(403);
        }
        assertThat(reader.goTo("").getWebResponse().getContentAsString()).doesNotContain("Fleet patch levels");

        JenkinsRule.WebClient operator = r.createWebClient().login("operator");
        assertThat(operator.goTo("").getWebResponse().getContentAsString()).contains("Fleet patch levels");
        HtmlPage home = operator.goTo("release-gates-fleet/");
        // Jenkins' layout: its header, breadcrumbs and a side panel with the console's sections ...
        assertThat(home.getElementById("page-header")).isNotNull();
        assertThat((DomElement) home.querySelector(".jenkins-breadcrumbs")).isNotNull();
        assertThat(home.querySelector(".jenkins-breadcrumbs").asNormalizedText()).contains("Fleet patch levels");
        assertThat(home.getElementById("side-panel").asNormalizedText()).contains("Hosts").contains("Advisories");
        // ... around the console itself, with no frame and no script of its own
        DomElement console = home.getElementById("release-gates-console");
        assertThat(console.asNormalizedText()).contains("Fleet: needs attention").contains("production")
                .contains("staging");
        assertThat(home.getElementsByTagName("iframe")).isEmpty();
        assertThat(console.getElementsByTagName("script")).isEmpty();
        String base = r.contextPath + "/" + FleetAction.URL + "/";
        for (DomElement a : console.getElementsByTagName("a")) {
            assertThat(a.getAttribute("href")).as("a link inside the console stays under the action").startsWith(base);
        }

        // follow the production host count, a filter link taken from the rendered page
        HtmlAnchor production = (HtmlAnchor) home.querySelector("tr[data-environment=production] a");
        assertThat(production.getHrefAttribute()).isEqualTo(base + "hosts?environment=production");
        HtmlPage hosts = production.click();
        assertThat(hosts.getUrl().toString()).endsWith("/release-gates-fleet/hosts?environment=production");
        assertThat(hosts.getElementById("side-panel")).isNotNull();
        DomElement list = hosts.getElementById("release-gates-console");
        assertThat(hosts.getElementById("list-total").getAttribute("data-count")).isEqualTo("1");
        assertThat(list.asNormalizedText()).contains("build-agent-07").doesNotContain("db-staging-3");

        // the filtered view's exports are raw answers under the same URL, with the filter kept
        String csvHref = ((HtmlAnchor) hosts.getElementById("export-csv")).getHrefAttribute();
        assertThat(csvHref).startsWith(base + "export/list/hosts.csv?").contains("environment=production");
        WebResponse csv = operator.getPage(new URL(r.getURL(), csvHref)).getWebResponse();
        assertThat(csv.getContentType()).isEqualTo("text/csv");
        assertThat(csv.getContentAsString()).contains("build-agent-07").doesNotContain("db-staging-3")
                .doesNotContain("<html");
        String jsonHref = ((HtmlAnchor) hosts.getElementById("export-json")).getHrefAttribute();
        WebResponse json = operator.getPage(new URL(r.getURL(), jsonHref)).getWebResponse();
        assertThat(json.getContentType()).isEqualTo("application/json");
        assertThat(json.getContentAsString()).contains("\"build-agent-07\"").doesNotContain("db-staging-3");

        // a host's page and the complete table, inside Jenkins too
        HtmlPage host = (HtmlPage) ((HtmlAnchor) list.querySelector("a[href$='/hosts/build-agent-07']")).click();
        assertThat(host.getElementById("release-gates-console").asNormalizedText()).contains("build-agent-07")
                .contains("adduser").contains("packages: ");
        assertThat(host.querySelector(".jenkins-breadcrumbs").asNormalizedText()).contains("build-agent-07");
        // links into the framed dashboard's old prefix land on the same page
        HtmlPage old = operator.goTo("release-gates-fleet/view/hosts?environment=staging");
        assertThat(old.getUrl().toString()).endsWith("/release-gates-fleet/hosts?environment=staging");
        assertThat(old.getElementById("release-gates-console").asNormalizedText()).contains("db-staging-3");
        // a bad parameter is the console's one-line 400, shown in Jenkins' page
        operator.setThrowExceptionOnFailingStatusCode(false);
        HtmlPage bad = operator.goTo("release-gates-fleet/hosts?sort=nonsense");
        assertThat(bad.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(bad.getElementById("release-gates-error").getTextContent()).contains("sort");
    }
}
