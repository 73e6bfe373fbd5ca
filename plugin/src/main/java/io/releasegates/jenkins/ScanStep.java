package io.releasegates.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import io.releasegates.duration.Ages;
import io.releasegates.pipeline.StepParameters;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import io.releasegates.scan.PackageScanner;
import io.releasegates.scan.ScanRequest;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code scanReleasePackage path: 'app.war', osv: '…', nvdDatafeed: '…'}: the CLI's {@code release-gates scan}, run on
 * the agent. Data-feed parameters left empty fall back to the global configuration.
 */
public class ScanStep extends GateStep {
    private final String path;
    private String nvdDatafeed;
    private String nvdRecords;
    private String nvdApiUrl;
    private String osv;
    private String dataDir;
    private String suppressions;
    private String waivers;
    private String maxDataAge;
    private String allow;
    private String deny;
    private String mavenRepo;

    @DataBoundConstructor
    public ScanStep(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    public String getPath() {
        return path;
    }

    public String getNvdDatafeed() {
        return nvdDatafeed;
    }

    @DataBoundSetter
    public void setNvdDatafeed(String nvdDatafeed) {
        this.nvdDatafeed = Util.fixEmptyAndTrim(nvdDatafeed);
    }

    public String getNvdRecords() {
        return nvdRecords;
    }

    @DataBoundSetter
    public void setNvdRecords(String nvdRecords) {
        this.nvdRecords = Util.fixEmptyAndTrim(nvdRecords);
    }

    public String getNvdApiUrl() {
        return nvdApiUrl;
    }

    /** An NVD API 2.0 mirror or proxy to update from; checked (http/https) by the engine on the agent. */
    @DataBoundSetter
    public void setNvdApiUrl(String nvdApiUrl) {
        this.nvdApiUrl = Util.fixEmptyAndTrim(nvdApiUrl);
    }

    public String getOsv() {
        return osv;
    }

    @DataBoundSetter
    public void setOsv(String osv) {
        this.osv = Util.fixEmptyAndTrim(osv);
    }

    public String getDataDir() {
        return dataDir;
    }

    @DataBoundSetter
    public void setDataDir(String dataDir) {
        this.dataDir = Util.fixEmptyAndTrim(dataDir);
    }

    public String getSuppressions() {
        return suppressions;
    }

    @DataBoundSetter
    public void setSuppressions(String suppressions) {
        this.suppressions = Util.fixEmptyAndTrim(suppressions);
    }

    public String getWaivers() {
        return waivers;
    }

    @DataBoundSetter
    public void setWaivers(String waivers) {
        this.waivers = Util.fixEmptyAndTrim(waivers);
    }

    public String getMaxDataAge() {
        return maxDataAge;
    }

    @DataBoundSetter
    public void setMaxDataAge(String maxDataAge) {
        this.maxDataAge = Util.fixEmptyAndTrim(maxDataAge);
    }

    public String getAllow() {
        return allow;
    }

    @DataBoundSetter
    public void setAllow(String allow) {
        this.allow = Util.fixEmptyAndTrim(allow);
    }

    public String getDeny() {
        return deny;
    }

    @DataBoundSetter
    public void setDeny(String deny) {
        this.deny = Util.fixEmptyAndTrim(deny);
    }

    public String getMavenRepo() {
        return mavenRepo;
    }

    @DataBoundSetter
    public void setMavenRepo(String mavenRepo) {
        this.mavenRepo = Util.fixEmptyAndTrim(mavenRepo);
    }

    @Override
    String gate() {
        return "scan";
    }

    @Override
    GateCallable callable(ReleaseGatesConfiguration config, String baseName, EnvVars environment) {
        // a step asking for the NVD API does not inherit the global data feed (the two exclude each other)
        String feed = nvdDatafeed != null || nvdApiUrl != null ? nvdDatafeed : config.getNvdDatafeed();
        return new Run(this, baseName, feed,
                osv != null ? osv : config.getOsvData());
    }

    private static final class Run extends GateCallable {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final String nvdDatafeed;
        private final String nvdRecords;
        private final String nvdApiUrl;
        private final String osv;
        private final String dataDir;
        private final String suppressions;
        private final String waivers;
        private final String maxDataAge;
        private final String allow;
        private final String deny;
        private final String mavenRepo;

        Run(ScanStep step, String baseName, String nvdDatafeed, String osv) {
            super(step, baseName);
            this.path = step.path;
            this.nvdDatafeed = nvdDatafeed;
            this.nvdRecords = step.nvdRecords;
            this.nvdApiUrl = step.nvdApiUrl;
            this.osv = osv;
            this.dataDir = step.dataDir;
            this.suppressions = step.suppressions;
            this.waivers = step.waivers;
            this.maxDataAge = step.maxDataAge;
            this.allow = step.allow;
            this.deny = step.deny;
            this.mavenRepo = step.mavenRepo;
        }

        @Override
        GateReport run(Path workspace, Severity threshold) {
            ScanRequest request = ScanRequest.builder(resolve(workspace, path)).nvdDatafeed(nvdDatafeed)
                    .nvdRecords(resolve(workspace, nvdRecords)).nvdApiUrl(nvdApiUrl).dataDir(resolve(workspace, dataDir))
                    .osv(resolve(workspace, osv)).suppressions(resolve(workspace, suppressions))
                    .waivers(resolve(workspace, waivers)).maxDataAge(maxDataAge == null ? null : Ages.parse(maxDataAge))
                    .allow(StepParameters.globs(allow)).deny(StepParameters.globs(deny))
                    .mavenRepo(resolve(workspace, mavenRepo)).build();
            return PackageScanner.scan(request);
        }
    }

    @Extension
    @Symbol("scanReleasePackage")
    public static final class DescriptorImpl extends GateStepDescriptor {
        @Override
        public String getFunctionName() {
            return "scanReleasePackage";
        }

        @Override
        public String getDisplayName() {
            return Messages.ScanStep_DisplayName();
        }
    }
}
