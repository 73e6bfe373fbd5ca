package io.releasegates.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import io.releasegates.duration.Ages;
import io.releasegates.probe.ProbeConfigReader;
import io.releasegates.probe.ProbeRequest;
import io.releasegates.probe.Prober;
import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code probeDeployment url: 'https://staging.shop.example/'}: the CLI's {@code release-gates probe}, a safe, passive
 * check of a deployed site (GET requests and TLS handshakes only, at a bounded rate), run on the agent that reaches
 * the site. Its evidence is gate {@code probe}, which {@code promotionGate} judges like any other. Extra headers take
 * their values from the build's environment ({@code headerEnv: 'Authorization=STAGING_AUTH'}), so that
 * {@code withCredentials} can supply them; the values never reach a log or a report.
 */
public class ProbeDeploymentStep extends GateStep {
    private final String url;
    private String config;
    private int maxPages = ProbeRequest.DEFAULT_MAX_PAGES;
    private String maxTime;
    private double rate = ProbeRequest.DEFAULT_RATE;
    private String userAgent;
    private String proxy;
    private String headerEnv;
    private String certificateWarning;
    private String nvdDatafeed;
    private String nvdRecords;
    private String dataDir;

    /** @param url one start URL, or several separated by blanks or commas */
    @DataBoundConstructor
    public ProbeDeploymentStep(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    public String getUrl() {
        return url;
    }

    public String getConfig() {
        return config;
    }

    /** probe.yml in the workspace: rule actions (WARN, FAIL, IGNORE) and per-URL exceptions. */
    @DataBoundSetter
    public void setConfig(String config) {
        this.config = Util.fixEmptyAndTrim(config);
    }

    public int getMaxPages() {
        return maxPages;
    }

    @DataBoundSetter
    public void setMaxPages(int maxPages) {
        this.maxPages = maxPages;
    }

    public String getMaxTime() {
        return maxTime;
    }

    /** Crawl time per origin in the project's duration grammar (e.g. {@code 90s}, {@code 2m}); default 2m. */
    @DataBoundSetter
    public void setMaxTime(String maxTime) {
        this.maxTime = Util.fixEmptyAndTrim(maxTime);
    }

    public double getRate() {
        return rate;
    }

    /** Requests per second at most (default 10). */
    @DataBoundSetter
    public void setRate(double rate) {
        this.rate = rate;
    }

    public String getUserAgent() {
        return userAgent;
    }

    @DataBoundSetter
    public void setUserAgent(String userAgent) {
        this.userAgent = Util.fixEmptyAndTrim(userAgent);
    }

    public String getProxy() {
        return proxy;
    }

    /** HTTP proxy, {@code http://host:port}. */
    @DataBoundSetter
    public void setProxy(String proxy) {
        this.proxy = Util.fixEmptyAndTrim(proxy);
    }

    public String getHeaderEnv() {
        return headerEnv;
    }

    /** Extra headers as {@code NAME=VAR} pairs (comma separated), each value read from the build's environment. */
    @DataBoundSetter
    public void setHeaderEnv(String headerEnv) {
        this.headerEnv = Util.fixEmptyAndTrim(headerEnv);
    }

    public String getCertificateWarning() {
        return certificateWarning;
    }

    /** A certificate expiring within this period is reported (default 30d). */
    @DataBoundSetter
    public void setCertificateWarning(String certificateWarning) {
        this.certificateWarning = Util.fixEmptyAndTrim(certificateWarning);
    }

    public String getNvdDatafeed() {
        return nvdDatafeed;
    }

    /** NVD data feed for matching banner versions; default the global configuration's. */
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

    public String getDataDir() {
        return dataDir;
    }

    @DataBoundSetter
    public void setDataDir(String dataDir) {
        this.dataDir = Util.fixEmptyAndTrim(dataDir);
    }

    @Override
    String gate() {
        return "probe";
    }

    @Override
    GateCallable callable(ReleaseGatesConfiguration global, String baseName, EnvVars environment) {
        String feed = nvdDatafeed != null || nvdRecords != null ? nvdDatafeed : global.getNvdDatafeed();
        return new Run(this, baseName, feed, environment);
    }

    private static final class Run extends GateCallable {
        private static final long serialVersionUID = 1L;
        private final String url;
        private final String config;
        private final int maxPages;
        private final String maxTime;
        private final double rate;
        private final String userAgent;
        private final String proxy;
        private final String headerEnv;
        private final String certificateWarning;
        private final String nvdDatafeed;
        private final String nvdRecords;
        private final String dataDir;
        /** The build's environment; travels to the agent only, never into a log or a report. */
        private final HashMap<String, String> environment;

        Run(ProbeDeploymentStep step, String baseName, String nvdDatafeed, EnvVars environment) {
            super(step, baseName);
            this.url = step.url;
            this.config = step.config;
            this.maxPages = step.maxPages;
            this.maxTime = step.maxTime;
            this.rate = step.rate;
            this.userAgent = step.userAgent;
            this.proxy = step.proxy;
            this.headerEnv = step.headerEnv;
            this.certificateWarning = step.certificateWarning;
            this.nvdDatafeed = nvdDatafeed;
            this.nvdRecords = step.nvdRecords;
            this.dataDir = step.dataDir;
            this.environment = new HashMap<>(environment);
        }

        @Override
        GateReport run(Path workspace, Severity threshold) {
            if (url == null) {
                throw new BadInputException("probeDeployment: 'url' is required");
            }
            List<URI> urls = new ArrayList<>();
            for (String u : url.split("[\\s,]+")) {
                urls.add(URI.create(u));
            }
            ProbeRequest.Builder b = ProbeRequest.builder(urls).maxPages(maxPages).requestsPerSecond(rate).userAgent(userAgent)
                    .maxTime(maxTime == null ? null : Ages.parse(maxTime))
                    .certificateWarning(certificateWarning == null ? null : Ages.parse(certificateWarning))
                    .nvdDatafeed(nvdDatafeed).nvdRecords(resolve(workspace, nvdRecords)).dataDir(resolve(workspace, dataDir))
                    .config(config == null ? null : ProbeConfigReader.read(resolve(workspace, config)))
                    .proxy(proxy == null ? null : URI.create(proxy));
            headers().forEach(b::header);
            return Prober.probe(b.build());
        }

        private Map<String, String> headers() {
            Map<String, String> out = new LinkedHashMap<>();
            if (headerEnv == null) {
                return out;
            }
            for (String pair : headerEnv.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new BadInputException("probeDeployment headerEnv: '" + pair.trim() + "' is not NAME=VAR");
                }
                String var = pair.substring(eq + 1).trim();
                String value = environment.get(var);
                if (value == null || value.isBlank()) {
                    throw new BadInputException("probeDeployment headerEnv: environment variable " + var + " is not set");
                }
                out.put(pair.substring(0, eq).trim(), value.strip());
            }
            return out;
        }
    }

    @Extension
    @Symbol("probeDeployment")
    public static final class DescriptorImpl extends GateStepDescriptor {
        @Override
        public String getFunctionName() {
            return "probeDeployment";
        }

        @Override
        public String getDisplayName() {
            // a literal: Messages.properties belongs to the plugin's owner, and this step adds no other resource
            return "Release Gates: probe a deployed site";
        }
    }
}
