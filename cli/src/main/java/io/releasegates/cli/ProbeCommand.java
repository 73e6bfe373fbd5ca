package io.releasegates.cli;

import io.releasegates.duration.Ages;
import io.releasegates.probe.ProbeConfigReader;
import io.releasegates.probe.ProbeRequest;
import io.releasegates.probe.Prober;
import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release-gates probe URL…}: a safe, passive check of a deployed site. */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Probes a deployed site with safe requests only (GET and TLS handshakes, no attack payloads, at a bounded "
                + "rate): exposed sensitive paths judged by their content (after a soft-404 test), security headers, "
                + "CORS, cookies, banners matched against NVD, stack traces, TLS versions and the certificate.",
            "Exit 0 clean, 1 findings at or above --fail-on, 2 bad input or an incomplete probe (unreachable pages), "
                + "3 internal error."})
final class ProbeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "URL", description = "Start URLs (http or https); each origin is crawled on its own.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--config", paramLabel = "YAML",
            description = "probe.yml: each rule WARN, FAIL or IGNORE, and per-URL exceptions with owner, reason and expiry (docs/probe.md).")
    Path config;

    @Option(names = "--max-pages", paramLabel = "N", defaultValue = "" + ProbeRequest.DEFAULT_MAX_PAGES,
            description = "Pages the crawl fetches per origin (default: ${DEFAULT-VALUE}); the exposure checks come on top.")
    int maxPages;

    @Option(names = "--max-time", paramLabel = "DURATION", defaultValue = "2m",
            description = "Crawl time per origin, e.g. 90s, 2m, 1h (default: ${DEFAULT-VALUE}).")
    String maxTime;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "" + ProbeRequest.DEFAULT_RATE,
            description = "At most this many requests a second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--user-agent", paramLabel = "TEXT", description = "User-Agent of every request (default: release-gates-probe/VERSION …).")
    String userAgent;

    @Option(names = "--proxy", paramLabel = "URL", description = "HTTP proxy for every request and TLS check, e.g. http://proxy.example:3128.")
    String proxy;

    @Option(names = "--header", paramLabel = "NAME:VALUE",
            description = "An extra request header (repeatable). Its value shows in ps: for credentials use --header-env.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--header-env", paramLabel = "NAME=VAR",
            description = "An extra request header whose value is read from environment variable VAR (repeatable), e.g. "
                + "Authorization=STAGING_AUTH. Never printed; only sent to origins whose certificate is trusted.")
    List<String> headerEnv = new ArrayList<>();

    @Option(names = "--certificate-warning", paramLabel = "DURATION", defaultValue = "30d",
            description = "Report a certificate expiring within this period (default: ${DEFAULT-VALUE}).")
    String certificateWarning;

    /** The NVD data banner versions are matched against: the same options as scan's. */
    @Mixin
    NvdDataOptions nvd;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws Exception {
        Severity threshold = report.threshold();
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getenv("RELEASE_GATES_DEBUG") != null ? "info" : "warn");
        }
        List<URI> targets = new ArrayList<>();
        for (String u : urls) {
            try {
                targets.add(URI.create(u));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(u + ": not a URL (" + e.getMessage() + ")");
            }
        }
        Map<String, String> extra = headers(System.getenv());
        ProbeRequest.Builder b = ProbeRequest.builder(targets).maxPages(maxPages).maxTime(duration("--max-time", maxTime))
                .requestsPerSecond(rate).userAgent(userAgent).certificateWarning(duration("--certificate-warning", certificateWarning))
                .nvdDatafeed(nvd.nvdDatafeed).nvdRecords(nvd.nvdRecords).dataDir(nvd.dataDir)
                .config(config == null ? null : ProbeConfigReader.read(config));
        if (proxy != null) {
            URI p = URI.create(proxy);
            if (!"http".equalsIgnoreCase(p.getScheme()) || p.getHost() == null) {
                throw new BadInputException("--proxy " + proxy + ": expected http://HOST:PORT");
            }
            b.proxy(p);
        }
        extra.forEach(b::header);
        ProbeRequest request = b.build();
        List<String> secrets = new ArrayList<>();
        headerEnv.forEach(h -> secrets.add(extra.get(h.substring(0, h.indexOf('=')).trim())));
        return masked(secrets, 0, () -> run(request, threshold));
    }

    /** Output masks every header value read from the environment, one secret per layer. */
    private static int masked(List<String> secrets, int i, MaskingOutputStream.Work<Integer> work) throws Exception {
        if (i >= secrets.size()) {
            return work.run();
        }
        return MaskingOutputStream.withMasked(secrets.get(i), () -> masked(secrets, i + 1, work));
    }

    private int run(ProbeRequest request, Severity threshold) throws java.io.IOException {
        GateReport result;
        try (ProgressLine progress = quiet ? null : ProgressLine.stderr("release-gates probe: ")) {
            result = Prober.probe(request, progress == null ? s -> { } : progress);
        }
        int code = report.writeAndDecide(result);
        System.out.println(summary(result, threshold));
        ResultListing.print(new java.io.PrintWriter(System.out), io.releasegates.gate.ResultGroups.ofFindings(
                result.findings(), threshold), ResultListing.colour());
        result.errors().forEach(e -> System.err.println("release-gates: " + e));
        return code;
    }

    Map<String, String> headers(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new BadInputException("--header " + h + ": expected NAME:VALUE");
            }
            out.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        for (String h : headerEnv) {
            int eq = h.indexOf('=');
            if (eq <= 0 || eq == h.length() - 1) {
                throw new BadInputException("--header-env " + h + ": expected NAME=VAR (the environment variable's name)");
            }
            String var = h.substring(eq + 1).trim();
            String value = env.get(var);
            if (value == null || value.isBlank()) {
                throw new BadInputException("--header-env " + h + ": environment variable " + var + " is not set");
            }
            out.put(h.substring(0, eq).trim(), value.strip());
        }
        return out;
    }

    static String summary(GateReport r, Severity threshold) {
        StringBuilder b = new StringBuilder(r.title()).append(": ");
        b.append(r.summary().getOrDefault("pages", 0L)).append(" pages, ").append(r.summary().getOrDefault("requests", 0L))
                .append(" requests, ");
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO}) {
            b.append(r.count(s)).append(' ').append(s.label()).append(s == Severity.INFO ? "" : ", ");
        }
        b.append("; ").append(r.summary().getOrDefault("ignored", 0L)).append(" ignored, ")
                .append(r.summary().getOrDefault("excepted", 0L)).append(" excepted");
        b.append(r.passes(threshold) ? " — PASS" : " — FAIL (--fail-on " + threshold.label() + ")");
        return b.toString();
    }

    private static Duration duration(String option, String text) {
        try {
            return Ages.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
