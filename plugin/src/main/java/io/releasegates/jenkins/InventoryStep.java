package io.releasegates.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import io.releasegates.inventory.PackageInventory;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code inventoryDependencies path: 'app.war'} or {@code inventoryDependencies host: true}: the CLI's
 * {@code release-gates inventory}, run on the agent.
 */
public class InventoryStep extends GateStep {
    private String path;
    private boolean host;

    @DataBoundConstructor
    public InventoryStep() {
    }

    public String getPath() {
        return path;
    }

    /** The package (WAR, EAR, JAR, Spring Boot jar, ZIP, TAR.GZ or directory), relative to the workspace. */
    @DataBoundSetter
    public void setPath(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    public boolean isHost() {
        return host;
    }

    /** Inventory the agent's OS packages and JVM instead of a package, and report them to the fleet store. */
    @DataBoundSetter
    public void setHost(boolean host) {
        this.host = host;
    }

    @Override
    String gate() {
        return "inventory";
    }

    @Override
    GateCallable callable(ReleaseGatesConfiguration config, String baseName, EnvVars environment) {
        return new Run(this, baseName);
    }

    private static final class Run extends GateCallable {
        private static final long serialVersionUID = 1L;
        private final String path;

        Run(InventoryStep step, String baseName) {
            super(step, baseName);
            this.path = step.path;
        }

        @Override
        GateReport run(Path workspace, Severity threshold) {
            return PackageInventory.report(new PackageInventory().inventory(resolve(workspace, path)), path);
        }
    }

    @Extension
    @Symbol("inventoryDependencies")
    public static final class DescriptorImpl extends GateStepDescriptor {
        @Override
        public String getFunctionName() {
            return "inventoryDependencies";
        }

        @Override
        public String getDisplayName() {
            return Messages.InventoryStep_DisplayName();
        }
    }
}
