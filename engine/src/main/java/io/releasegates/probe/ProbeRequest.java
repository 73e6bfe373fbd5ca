package io.releasegates.probe;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to probe and how gently; build one with {@link #builder(List)} and pass it to {@link Prober#probe}.
 *
 * @param urls              start URLs (http or https); each origin is crawled on its own
 * @param config            rule actions and exceptions (probe.yml)
 * @param maxPages          pages fetched per origin by the crawl (exposure checks come on top)
 * @param maxTime           wall time per origin, after which the crawl stops (reported as RG-PROBE-CRAWL-LIMIT)
 * @param requestsPerSecond upper bound on the request rate of the whole run (all requests: pages, paths, TLS handshakes)
 * @param userAgent         sent with every request, so the shop's operators can tell the probe in their logs
 * @param proxy             HTTP proxy ({@code http://host:port}) for every request and TLS check; null for none
 * @param headers           extra request headers (e.g. an auth header read from an environment variable); the
 *                          values are never printed nor written to the report
 * @param certificateWarning a certificate expiring within this period is reported (RG-PROBE-CERT-EXPIRING)
 * @param nvdDatafeed       Dependency-Check data feed (URL or folder) for banner versions; null for none
 * @param nvdRecords        folder of NVD CVE records laid out as a feed, as for the scan; null for none
 * @param dataDir           Dependency-Check data dir (null: the scan's default); with neither feed nor records the
 *                          database already there is used if there is one, else banners are not matched
 * @param clock             "now" for certificate expiry and exception expiry
 */
public record ProbeRequest(List<URI> urls, ProbeConfig config, int maxPages, Duration maxTime, double requestsPerSecond,
                           String userAgent, URI proxy, Map<String, String> headers, Duration certificateWarning,
                           String nvdDatafeed, Path nvdRecords, Path dataDir, Clock clock) {
    public static final int DEFAULT_MAX_PAGES = 200;
    public static final Duration DEFAULT_MAX_TIME = Duration.ofMinutes(2);
    /** Ten requests a second: a 200-page site with the exposure checks takes about 25 s, far below any shop's load. */
    public static final double DEFAULT_RATE = 10.0;
    public static final String DEFAULT_USER_AGENT = "release-gates-probe/" + io.releasegates.report.ToolVersion.get()
            + " (passive GET-only check)";
    public static final Duration DEFAULT_CERTIFICATE_WARNING = Duration.ofDays(30);

    public ProbeRequest {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("no URL to probe");
        }
        urls = List.copyOf(urls);
        config = config == null ? ProbeConfig.defaults() : config;
        if (maxPages < 1) {
            throw new IllegalArgumentException("max pages must be at least 1, got " + maxPages);
        }
        maxTime = Objects.requireNonNullElse(maxTime, DEFAULT_MAX_TIME);
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("request rate must be above 0, got " + requestsPerSecond);
        }
        userAgent = userAgent == null || userAgent.isBlank() ? DEFAULT_USER_AGENT : userAgent;
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
        certificateWarning = Objects.requireNonNullElse(certificateWarning, DEFAULT_CERTIFICATE_WARNING);
        dataDir = dataDir == null ? io.releasegates.scan.ScanRequest.defaultDataDir() : dataDir;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** Header values masked: a request may end up in a log or an error message. */
    @Override
    public String toString() {
        return "ProbeRequest[urls=" + urls + ", maxPages=" + maxPages + ", maxTime=" + maxTime + ", rate="
                + requestsPerSecond + ", userAgent=" + userAgent + ", proxy=" + proxy + ", headers=" + headers.keySet()
                + ", certificateWarning=" + certificateWarning + ", nvdDatafeed=" + nvdDatafeed + ", nvdRecords="
                + nvdRecords + ", dataDir=" + dataDir + "]";
    }

    public static Builder builder(List<URI> urls) {
        return new Builder(urls);
    }

    /** Optional fields default to the constants above. */
    public static final class Builder {
        private final List<URI> urls;
        private ProbeConfig config;
        private int maxPages = DEFAULT_MAX_PAGES;
        private Duration maxTime;
        private double rate = DEFAULT_RATE;
        private String userAgent;
        private URI proxy;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration certificateWarning;
        private String nvdDatafeed;
        private Path nvdRecords;
        private Path dataDir;
        private Clock clock;

        private Builder(List<URI> urls) {
            this.urls = new ArrayList<>(urls);
        }

        public Builder config(ProbeConfig value) {
            config = value;
            return this;
        }

        public Builder maxPages(int value) {
            maxPages = value;
            return this;
        }

        public Builder maxTime(Duration value) {
            maxTime = value;
            return this;
        }

        public Builder requestsPerSecond(double value) {
            rate = value;
            return this;
        }

        public Builder userAgent(String value) {
            userAgent = value;
            return this;
        }

        public Builder proxy(URI value) {
            proxy = value;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder certificateWarning(Duration value) {
            certificateWarning = value;
            return this;
        }

        public Builder nvdDatafeed(String value) {
            nvdDatafeed = value;
            return this;
        }

        public Builder nvdRecords(Path value) {
            nvdRecords = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public ProbeRequest build() {
            return new ProbeRequest(urls, config, maxPages, maxTime, rate, userAgent, proxy, headers, certificateWarning,
                    nvdDatafeed, nvdRecords, dataDir, clock);
        }
    }
}
