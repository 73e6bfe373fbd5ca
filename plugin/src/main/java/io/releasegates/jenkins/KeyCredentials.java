package io.releasegates.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.AbortException;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;

/**
 * Signing keys kept as Secret file credentials ({@code keyCredentialsId}, {@code evidenceKeyCredentialsId}): looked up
 * on the controller for the build, with the build's own access to credentials, and handed to the agent's callable as
 * bytes, so that the key is never written to a workspace and never logged. Only the credentials id is stored with the
 * step.
 */
final class KeyCredentials {
    private KeyCredentials() {
    }

    /** The key file's content, for {@link io.releasegates.signing.SigningKey#parse(byte[], String)}. */
    static byte[] content(Run<?, ?> run, String credentialsId, String step) throws IOException, AbortException {
        FileCredentials c = CredentialsProvider.findCredentialById(credentialsId, FileCredentials.class, run);
        if (c == null) {
            throw new AbortException("[release-gates] " + step + ": no Secret file credentials '" + credentialsId
                    + "' available to this build");
        }
        try (InputStream in = c.getContent()) {
            return in.readAllBytes();
        }
    }

    /** How a parse error names the key: by its credentials id, never by its content. */
    static String source(String credentialsId) {
        return "credentials '" + credentialsId + "'";
    }

    /** The form's list of Secret file credentials the job may use (the snippet generator's drop-down). */
    static ListBoxModel items(Item item, String current) {
        StandardListBoxModel result = new StandardListBoxModel();
        boolean allowed = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
        if (!allowed) {
            return result.includeCurrentValue(current);
        }
        result.includeEmptyValue();
        if (item == null) {
            result.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), FileCredentials.class, List.of(),
                    CredentialsMatchers.always());
        } else {
            result.includeMatchingAs(item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2,
                    item, FileCredentials.class, List.of(), CredentialsMatchers.always());
        }
        return result.includeCurrentValue(current);
    }
}
