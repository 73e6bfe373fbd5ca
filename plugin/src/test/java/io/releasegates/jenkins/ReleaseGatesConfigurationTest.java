package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import java.io.File;
import hudson.model.Descriptor.FormException;
import java.nio.file.Files;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.StaplerRequest2;

@WithJenkins
class ReleaseGatesConfigurationTest {

    @Test
    void shouldKeepEverySettingThroughTheConfigurationFormWithoutStoringTheSecret(JenkinsRule r) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "fleet-db", "fleet store", "releasegates", "s3cret-pw"));
        SystemCredentialsProvider.getInstance().save();
        ReleaseGatesConfiguration config = ReleaseGatesConfiguration.get();
        config.setStoreUrl("jdbc:postgresql://db.example:5432/fleet");
        config.setCredentialsId("fleet-db");
        config.setCadencePolicy("default-tier: indirect\nrules:\n  - name: web OS\n    tier: not-serving\n    packages: ['openssl']\n");
        config.setNvdDatafeed("https://mirror.example/nvd/");
        config.setOsvData("/srv/osv/all.zip");

        r.configRoundtrip();

        ReleaseGatesConfiguration after = ReleaseGatesConfiguration.get();
        assertThat(after.getStoreUrl()).isEqualTo("jdbc:postgresql://db.example:5432/fleet");
        assertThat(after.getCredentialsId()).isEqualTo("fleet-db");
        assertThat(after.getCadencePolicy())
                .isEqualTo("default-tier: indirect\nrules:\n  - name: web OS\n    tier: not-serving\n    packages: ['openssl']");
        assertThat(after.getNvdDatafeed()).isEqualTo("https://mirror.example/nvd/");
        assertThat(after.getOsvData()).isEqualTo("/srv/osv/all.zip");
        assertThat(after.credentials().getPassword().getPlainText()).isEqualTo("s3cret-pw");
        String xml = Files.readString(new File(r.jenkins.getRootDir(), ReleaseGatesConfiguration.class.getName() + ".xml").toPath());
        assertThat(xml).contains("fleet-db").doesNotContain("s3cret-pw");
    }

    @Test
    void shouldRefuseToSaveAnInvalidCadencePolicyAndKeepTheValidOne(JenkinsRule r) throws Exception {
        ReleaseGatesConfiguration config = ReleaseGatesConfiguration.get();
        String valid = "default-tier: indirect";
        config.setCadencePolicy(valid);
        config.setStoreUrl("jdbc:h2:mem:kept");

        JSONObject form = new JSONObject().element("storeUrl", "jdbc:h2:mem:changed")
                .element("cadencePolicy", "default-tier: indirect\ntier: nope\n");
        // what Save calls with the submitted form: refused before any field is bound
        assertThatThrownBy(() -> config.configure((StaplerRequest2) null, form)).isInstanceOf(FormException.class)
                .hasMessageContaining("unknown key 'tier'")
                .satisfies(e -> assertThat(((FormException) e).getFormField()).isEqualTo("cadencePolicy"));
        // a YAML syntax error, too, is one line in the config reader's format (FILE:LINE: problem), not the quoted
        // source and a caret
        JSONObject badIndent = new JSONObject().element("cadencePolicy", "rules:\n - name: x\n  tier: direct\n");
        assertThatThrownBy(() -> config.configure((StaplerRequest2) null, badIndent)).isInstanceOf(FormException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .startsWith("cadence policy:3: not valid YAML"));
        // Configuration as Code and scripts go through the setter, which refuses it too
        assertThatThrownBy(() -> config.setCadencePolicy("rules: [{name: x}]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule 'x' has no tier");

        assertThat(config.getCadencePolicy()).isEqualTo(valid);
        assertThat(config.getStoreUrl()).isEqualTo("jdbc:h2:mem:kept");
        String xml = Files.readString(new File(r.jenkins.getRootDir(), ReleaseGatesConfiguration.class.getName() + ".xml").toPath());
        assertThat(xml).contains(valid).doesNotContain("nope").doesNotContain("changed");
    }

    @Test
    void shouldRefuseFormValidationToUsersWhoCannotAdminister(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("reader")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        String url = "descriptorByName/" + ReleaseGatesConfiguration.class.getName() + "/checkCredentialsId?value=nope";

        JenkinsRule.WebClient reader = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("reader");
        JenkinsRule.WebClient admin = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("admin");

        assertThat(reader.getPage(post(r, reader, url)).getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(admin.getPage(post(r, admin, url)).getWebResponse().getContentAsString())
                .contains("No username/password credentials");
        String policy = "descriptorByName/" + ReleaseGatesConfiguration.class.getName() + "/checkCadencePolicy?value=tier%3A%20x";
        assertThat(reader.getPage(post(r, reader, policy)).getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(admin.getPage(post(r, admin, policy)).getWebResponse().getContentAsString()).contains("unknown key");
        // form validation is POST only: a GET (e.g. from a link in a mail) finds no such endpoint
        assertThat(admin.getPage(new WebRequest(new java.net.URL(r.getURL(), url))).getWebResponse().getStatusCode())
                .isEqualTo(404);
    }

    private static WebRequest post(JenkinsRule r, JenkinsRule.WebClient wc, String url) throws Exception {
        WebRequest request = new WebRequest(new java.net.URL(r.getURL(), url), HttpMethod.POST);
        return wc.addCrumb(request);
    }
}
