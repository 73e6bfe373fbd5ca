package io.releasegates.jenkins;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.Util;
import hudson.init.Terminator;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.pipeline.StoreUrls;
import java.io.File;
import jenkins.model.Jenkins;

/**
 * The one open fleet store of this controller, reopened when the global configuration changes. Opening runs the
 * schema migrations, so it is done once, not per page view; the password is added only at that moment.
 */
@Extension
public class FleetStoreProvider {
    private FleetStore store;
    private String openedFor;

    public static FleetStoreProvider get() {
        return Jenkins.get().getExtensionList(FleetStoreProvider.class).get(0);
    }

    synchronized FleetStore store() {
        ReleaseGatesConfiguration config = ReleaseGatesConfiguration.get();
        String url = config.getStoreUrl() != null ? config.getStoreUrl()
                : new File(Jenkins.get().getRootDir(), "release-gates/fleet").getAbsolutePath();
        StandardUsernamePasswordCredentials credentials = config.credentials();
        String password = credentials == null ? null : credentials.getPassword().getPlainText();
        // the password only as a digest: what the store was opened with, to notice a changed credential
        String key = url + "\n" + (credentials == null ? "" : credentials.getUsername() + "\n" + Util.getDigestOf(password));
        if (store == null || !key.equals(openedFor)) {
            close();
            store = FleetStores.open(credentials == null ? url
                    : StoreUrls.withCredentials(url, credentials.getUsername(), password));
            openedFor = key;
        }
        return store;
    }

    synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
            openedFor = null;
        }
    }

    @Terminator
    public static void closeOnShutdown() {
        Jenkins j = Jenkins.getInstanceOrNull();
        if (j != null) {
            j.getExtensionList(FleetStoreProvider.class).forEach(FleetStoreProvider::close);
        }
    }
}
