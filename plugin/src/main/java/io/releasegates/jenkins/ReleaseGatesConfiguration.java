package io.releasegates.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.releasegates.fleet.CadencePolicy;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins » System » Release Gates, and {@code unclassified: releaseGates:} in Configuration as Code. Holds only
 * references: the PostgreSQL password stays in the Credentials store and is looked up when the store is opened.
 */
@Extension
@Symbol("releaseGates")
public class ReleaseGatesConfiguration extends GlobalConfiguration {
    private String storeUrl;
    private String credentialsId;
    private String cadencePolicy;
    private String nvdDatafeed;
    private String osvData;

    public ReleaseGatesConfiguration() {
        load();
    }

    public static ReleaseGatesConfiguration get() {
        return GlobalConfiguration.all().getInstance(ReleaseGatesConfiguration.class);
    }

    public String getStoreUrl() {
        return storeUrl;
    }

    /** JDBC URL of the fleet store ({@code jdbc:postgresql://…} or {@code jdbc:h2:file:…}); empty: H2 in JENKINS_HOME. */
    @DataBoundSetter
    public void setStoreUrl(String storeUrl) {
        this.storeUrl = Util.fixEmptyAndTrim(storeUrl);
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Username/password credentials for a PostgreSQL store. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        save();
    }

    public String getCadencePolicy() {
        return cadencePolicy;
    }

    /**
     * The fleet's update-cadence policy as YAML (docs/fleet.md). An invalid policy is refused here, so neither the form
     * nor Configuration as Code can store one that the fleet page would then fail on.
     */
    @DataBoundSetter
    public void setCadencePolicy(String cadencePolicy) {
        String policy = Util.fixEmptyAndTrim(cadencePolicy);
        String problem = policyProblem(policy);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.cadencePolicy = policy;
        save();
    }

    /** The engine's one-line message for an invalid policy, or null when it parses (or is empty: the defaults). */
    static String policyProblem(String yaml) {
        if (yaml == null) {
            return null;
        }
        try {
            CadencePolicy.parse(yaml, "cadence policy");
            return null;
        } catch (RuntimeException e) {
            // BadInputException for what the engine recognises; anything else from the YAML parser is just as invalid
            return e.getMessage() == null ? "cadence policy: " + e.getClass().getSimpleName() : oneLine(e.getMessage());
        }
    }

    /**
     * A YAML syntax error arrives on several lines (the quoted source line and a caret under it); a form message and
     * the fleet page's error need one line: the parser's words and the line and column, without the excerpt.
     */
    static String oneLine(String message) {
        String line = message.lines().filter(l -> !l.isBlank() && !l.startsWith("    ") && !l.strip().equals("^"))
                .map(l -> l.strip().startsWith("in 'reader', ")
                        ? "at " + l.strip().substring("in 'reader', ".length()).replaceAll(":$", "") + ";" : l.strip())
                .collect(Collectors.joining(" "));
        return line.endsWith(";") ? line.substring(0, line.length() - 1) : line;
    }

    /** Save refuses an invalid cadence policy with the engine's message, before any field is changed. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        String problem = policyProblem(Util.fixEmptyAndTrim(json.optString("cadencePolicy", null)));
        if (problem != null) {
            throw new FormException(problem, "cadencePolicy");
        }
        return super.configure(req, json);
    }

    public String getNvdDatafeed() {
        return nvdDatafeed;
    }

    /** Default NVD data-feed mirror (URL or folder on the agents) for {@code scanReleasePackage}. */
    @DataBoundSetter
    public void setNvdDatafeed(String nvdDatafeed) {
        this.nvdDatafeed = Util.fixEmptyAndTrim(nvdDatafeed);
        save();
    }

    public String getOsvData() {
        return osvData;
    }

    /** Default OSV advisories (folder or all.zip on the agents) for {@code scanReleasePackage}. */
    @DataBoundSetter
    public void setOsvData(String osvData) {
        this.osvData = Util.fixEmptyAndTrim(osvData);
        save();
    }

    /** The PostgreSQL credentials, looked up only when the store is opened on the controller. */
    StandardUsernamePasswordCredentials credentials() {
        if (credentialsId == null) {
            return null;
        }
        return CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StandardUsernamePasswordCredentials.class,
                        Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(credentialsId));
    }

    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(credentialsId);
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardUsernamePasswordCredentials.class, List.of(),
                        CredentialsMatchers.always())
                .includeCurrentValue(credentialsId);
    }

    @POST
    public FormValidation doCheckCadencePolicy(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String problem = policyProblem(Util.fixEmptyAndTrim(value));
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    @POST
    public FormValidation doCheckCredentialsId(@QueryParameter String storeUrl, @QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        boolean found = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StandardUsernamePasswordCredentials.class,
                        Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(value.trim())) != null;
        return found ? FormValidation.ok() : FormValidation.error(Messages.ReleaseGatesConfiguration_NoSuchCredentials());
    }
}
