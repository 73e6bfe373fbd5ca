package io.releasegates.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.pipeline.FleetReporting;
import hudson.Extension;
import hudson.Util;
import io.releasegates.inventory.CycloneDx;
import io.releasegates.inventory.InventoryRequest;
import io.releasegates.inventory.PackageInventory;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
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
    private String root;
    private String output;
    private String format;
    private String mavenRepo;
    private String compare;
    private String environment;
    private String role;

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

    public String getRoot() {
        return root;
    }

    /** With {@code host}: the file-system root to read package databases under (default {@code /}). */
    @DataBoundSetter
    public void setRoot(String root) {
        this.root = Util.fixEmptyAndTrim(root);
    }

    public String getOutput() {
        return output;
    }

    /** Where to write the CycloneDX SBOM (default {@code <outputDir>/<id>.cdx.json}, or {@code .cdx.xml}). */
    @DataBoundSetter
    public void setOutput(String output) {
        this.output = Util.fixEmptyAndTrim(output);
    }

    public String getFormat() {
        return format;
    }

    /** {@code json} (default) or {@code xml}. */
    @DataBoundSetter
    public void setFormat(String format) {
        this.format = Util.fixEmptyAndTrim(format);
    }

    public String getMavenRepo() {
        return mavenRepo;
    }

    @DataBoundSetter
    public void setMavenRepo(String mavenRepo) {
        this.mavenRepo = Util.fixEmptyAndTrim(mavenRepo);
    }

    public String getCompare() {
        return compare;
    }

    /** An existing CycloneDX SBOM (e.g. from the CycloneDX Maven plugin) to report differences against. */
    @DataBoundSetter
    public void setCompare(String compare) {
        this.compare = Util.fixEmptyAndTrim(compare);
    }

    public String getEnvironment() {
        return environment;
    }

    /** With {@code host}: the fleet environment this agent belongs to (default {@code default}). */
    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getRole() {
        return role;
    }

    /** With {@code host}: the agent's role in the fleet, for the cadence policy (default {@code default}). */
    @DataBoundSetter
    public void setRole(String role) {
        this.role = Util.fixEmptyAndTrim(role);
    }

    /** A host inventory goes to the fleet store, which lives with the controller (and its credentials). */
    @Override
    void afterRun(Run<?, ?> run, FilePath workspace, String baseName, TaskListener listener)
            throws IOException, InterruptedException {
        if (!host) {
            // a package's SBOM is what a passing promotionGate records as the release's components
            PromotedRelease.keepSbom(run, workspace.child(sbomFile(baseName)), baseName);
            return;
        }
        byte[] sbom;
        try (InputStream in = workspace.child(sbomFile(baseName)).read()) {
            sbom = in.readAllBytes();
        }
        FleetStore.IngestResult result = FleetReporting.ingest(FleetStoreProvider.get().store(), sbom, sbomFile(baseName),
                null, environment, role, Instant.now());
        listener.getLogger().println("[release-gates] reported host " + result.host() + " to the fleet store: "
                + result.packages() + " packages" + (result.changed() ? "" : " (unchanged)"));
    }

    @Override
    String gate() {
        return "inventory";
    }

    @Override
    GateCallable callable(ReleaseGatesConfiguration config, String baseName, EnvVars environment) {
        return new OnAgent(this, baseName);
    }

    /** The SBOM's file name in the workspace, relative to it. */
    String sbomFile(String baseName) {
        return output != null ? output : getOutputDir() + "/" + baseName + "." + InventoryRequest.sbomExtension(format);
    }

    private static final class OnAgent extends GateCallable {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final boolean host;
        private final String root;
        private final String sbom;
        private final String format;
        private final String mavenRepo;
        private final String compare;

        OnAgent(InventoryStep step, String baseName) {
            super(step, baseName);
            this.path = step.path;
            this.host = step.host;
            this.root = step.root;
            this.sbom = step.sbomFile(baseName);
            this.format = step.format;
            this.mavenRepo = step.mavenRepo;
            this.compare = step.compare;
        }

        @Override
        GateReport run(Path workspace, Severity threshold) throws IOException {
            return PackageInventory.run(InventoryRequest.builder().packagePath(resolve(workspace, path))
                    .host(host, resolve(workspace, root)).mavenRepo(resolve(workspace, mavenRepo))
                    .compare(resolve(workspace, compare)).format(format == null ? null : CycloneDx.Format.parse(format))
                    .sbom(resolve(workspace, sbom)).build()).report();
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
