package io.releasegates.jenkins;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.Util;
import hudson.init.Terminator;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.pipeline.StoreUrls;
import java.io.File;
import java.util.List;
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
            registerJdbcDrivers();
            store = FleetStores.open(credentials == null ? url
                    : StoreUrls.withCredentials(url, credentials.getUsername(), password));
            openedFor = key;
        }
        return store;
    }

    /**
     * In a running Jenkins, {@code DriverManager} looked for drivers before this plugin's class loader existed and so
     * never found the JDBC drivers the plugin bundles ("No suitable driver", seen by bench/jenkins-live; the
     * JenkinsRule tests run on one flat class path and do not show it). Loading a driver class registers it (its
     * static initialiser calls {@code DriverManager.registerDriver}), and {@code DriverManager} then gives it to the
     * engine's code, which the same class loader loaded.
     */
    private static void registerJdbcDrivers() {
        for (String driver : List.of("org.h2.Driver", "org.postgresql.Driver")) {
            try {
                Class.forName(driver, true, FleetStoreProvider.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the JDBC driver " + driver + " is missing from the release-gates plugin", e);
            }
        }
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
