package io.releasegates.cli;

import io.releasegates.duration.Ages;
import io.releasegates.inventory.InventoryRule;
import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import io.releasegates.signing.SecretInput;
import io.releasegates.report.Severity;
import io.releasegates.scan.NvdApi;
import io.releasegates.scan.PackageScanner;
import io.releasegates.scan.ScanRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release-gates scan PACKAGE}: vulnerable components, secrets and risky files. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Scans a release package (WAR, EAR, JAR, fat jar, ZIP, TAR.GZ or directory) for vulnerable components "
                + "(OSV purl matching and NVD CPE matching through the OWASP Dependency-Check engine, merged by advisory id "
                + "and aliases), leaked secrets (masked) and risky files.",
            "Exit 0 clean, 1 findings at or above --fail-on, 2 unreadable package or vulnerability data (never a clean "
                + "result without data), 3 internal error."})
final class ScanCommand implements Callable<Integer> {
    private static final int MAX_LISTED = 40;

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "The package to scan.")
    Path pkg;

    @Mixin
    NvdDataOptions nvd;

    @Option(names = "--nvd-api-key-env", paramLabel = "VAR",
            description = "Update the NVD data online through the NVD API 2.0 with the key held by this environment variable "
                + "(its name, e.g. NVD_API_KEY; slow on first use; needs network). Never printed.")
    String nvdApiKeyEnv;

    @Option(names = "--nvd-api-key-file", paramLabel = "FILE",
            description = "As --nvd-api-key-env, with the key read from this file (first line).")
    Path nvdApiKeyFile;

    /** Kept only to refuse it clearly: a key given as a value is visible to every local user in {@code ps}. */
    @Option(names = "--nvd-api-key", paramLabel = "KEY", hidden = true)
    String nvdApiKeyValue;

    @Option(names = "--nvd-api-url", paramLabel = "URL",
            description = "NVD API 2.0 endpoint to update from instead of NVD's own (an organisation's mirror or proxy), e.g. "
                + "https://nvd.example.org/rest/json/cves/2.0; a URL without a path gets /rest/json/cves/2.0. http or https only.")
    String nvdApiUrl;

    @Option(names = "--osv", paramLabel = "DIR|ZIP", description = "OSV advisories: a folder of OSV JSON, osv.dev's Maven all.zip, or a data dir's osv folder (every <ECOSYSTEM>/all.zip in it; release-gates data update).")
    Path osv;

    @Option(names = "--suppressions", paramLabel = "XML", description = "Dependency-Check suppression file.")
    Path suppressions;

    @Option(names = "--waivers", paramLabel = "YAML", description = "Waivers: advisory, component, reason, owner, expires.")
    Path waivers;

    @Option(names = "--max-data-age", paramLabel = "DURATION",
            description = "Report vulnerability data older than this (e.g. 2w, 7d, 36h, 1d12h, P30D; as check and the plugin) as RG-SCAN-DATA-STALE.")
    String maxDataAge;

    @Option(names = "--allow", paramLabel = "GLOB", split = ",", description = "Paths that are never risky files (e.g. 'WEB-INF/classes/application-test.yml').")
    List<String> allow = new ArrayList<>();

    @Option(names = "--deny", paramLabel = "GLOB", split = ",", description = "Further paths to report as risky files (e.g. '*.sql', 'WEB-INF/debug/**').")
    List<String> deny = new ArrayList<>();

    @Option(names = "--maven-repo", paramLabel = "DIR", description = "Maven repository for SHA-1 identification of jars without metadata (default: ~/.m2/repository).")
    Path mavenRepo;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Mixin
    ChecksumSearchOptions checksumSearch;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws Exception {
        Severity threshold = report.threshold();
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // Dependency-Check logs every analyzer at INFO; our own progress line says what matters
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getenv("RELEASE_GATES_DEBUG") != null ? "info" : "warn");
        }
        if (nvdApiKeyValue != null) {
            throw new BadInputException("--nvd-api-key no longer takes the key as a value (ps shows it to every local "
                    + "user; consider that key exposed): put it in an environment variable and give its name with "
                    + "--nvd-api-key-env VAR, or in a file with --nvd-api-key-file FILE");
        }
        String nvdApiKey = SecretInput.read(System.getenv(), nvdApiKeyEnv, nvdApiKeyFile, "--nvd-api-key");
        String apiEndpoint = nvdApiUrl == null ? null : NvdApi.endpoint(nvdApiUrl, "--nvd-api-url");
        ScanRequest request = ScanRequest.builder(pkg).nvdDatafeed(nvd.nvdDatafeed).nvdRecords(nvd.nvdRecords).nvdApiKey(nvdApiKey)
                .nvdApiUrl(apiEndpoint)
                .dataDir(nvd.dataDir).osv(osv).suppressions(suppressions).waivers(waivers)
                .maxDataAge(maxDataAge == null ? null : parseDuration(maxDataAge)).allow(allow).deny(deny)
                .mavenRepo(mavenRepo).checksumSearch(checksumSearch.search()).build();
        if (nvdApiKey == null) {
            return scan(request, threshold);
        }
        return MaskingOutputStream.withMasked(nvdApiKey, () -> scan(request, threshold));
    }

    private int scan(ScanRequest request, Severity threshold) throws java.io.IOException {
        GateReport result;
        try (ProgressLine progress = quiet ? null : ProgressLine.stderr("release-gates scan: ")) {
            result = PackageScanner.scan(request, progress == null ? s -> { } : progress);
        }
        int code = report.writeAndDecide(result);
        System.out.println(summary(result, threshold));
        identity(result).forEach(System.out::println);
        ResultListing.print(new java.io.PrintWriter(System.out), io.releasegates.gate.ResultGroups.ofFindings(
                result.findings(), threshold), ResultListing.colour());
        result.errors().forEach(e -> System.err.println("release-gates: " + e));
        return code;
    }

    static String summary(GateReport r, Severity threshold) {
        StringBuilder b = new StringBuilder(r.title()).append(": ");
        b.append(r.summary().getOrDefault("components", 0L)).append(" components, ")
                .append(r.summary().getOrDefault("advisoryFindings", 0L)).append(" vulnerability findings, ");
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO}) {
            b.append(r.count(s)).append(' ').append(s.label()).append(s == Severity.INFO ? "" : ", ");
        }
        b.append("; ").append(r.summary().getOrDefault("suppressed", 0L)).append(" suppressed");
        r.dataAsOf().forEach((name, asOf) -> b.append("; ").append(name).append(" data as of ").append(asOf));
        b.append(r.passes(threshold) ? " — PASS" : " — FAIL (--fail-on " + threshold.label() + ")");
        return b.toString();
    }

    /**
     * The jars without an identity, listed: their vulnerabilities are unknown, and a summary line alone would let a
     * distribution of metadata-less jars pass unnoticed. Also each failed checksum search.
     */
    static List<String> identity(GateReport r) {
        List<String> lines = new ArrayList<>();
        List<io.releasegates.report.Finding> unidentified = r.findings().stream()
                .filter(f -> f.ruleId().equals(InventoryRule.UNIDENTIFIED.id())).toList();
        r.findings().stream().filter(f -> f.ruleId().equals(InventoryRule.SEARCH_FAILED.id()))
                .forEach(f -> lines.add("warning: " + f.message()));
        if (!unidentified.isEmpty()) {
            lines.add(unidentified.size() + " component(s) without identity (" + InventoryRule.UNIDENTIFIED.id()
                    + "; vulnerabilities unknown):");
            unidentified.stream().limit(MAX_LISTED).forEach(f -> lines.add("  " + f.location() + "  "
                    + f.properties().getOrDefault("name", "") + " " + f.properties().getOrDefault("version", "")
                    + " (" + String.valueOf(f.properties().getOrDefault("evidence", "")).toLowerCase(Locale.ROOT)
                    .replace('_', ' ') + ", " + String.valueOf(f.properties().getOrDefault("confidence", ""))
                    .toLowerCase(Locale.ROOT) + " confidence)"));
            if (unidentified.size() > MAX_LISTED) {
                lines.add("  … and " + (unidentified.size() - MAX_LISTED) + " more (see the JSON or HTML report)");
            }
        }
        return lines;
    }

    /** The project's one duration grammar ({@link Ages#parse}: {@code 2w}, {@code 7d}, {@code 1d12h}, {@code P30D}…). */
    static Duration parseDuration(String text) {
        try {
            return Ages.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-data-age: " + e.getMessage());
        }
    }
}
