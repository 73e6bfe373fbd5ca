package io.releasegates.scan;

import io.releasegates.inventory.Component;
import io.releasegates.inventory.Evidence;
import io.releasegates.inventory.Inventory;
import io.releasegates.inventory.MavenRepositoryIndex;
import io.releasegates.inventory.PackageInventory;
import io.releasegates.inventory.PackageWalker;
import io.releasegates.inventory.WalkDigests;
import io.releasegates.inventory.WalkLimits;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.waiver.Waiver;
import io.releasegates.waiver.WaiverFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The scan gate: vulnerable components (OSV purl matching and NVD CPE matching through the Dependency-Check engine,
 * merged by advisory id and aliases), secrets and risky files, suppressions and waivers, data age.
 *
 * <pre>{@code
 * GateReport report = PackageScanner.scan(ScanRequest.builder(Path.of("app.war"))
 *         .nvdRecords(Path.of("test-fixtures/advisories/nvd"))     // or .nvdDatafeed("https://mirror/nvd/")
 *         .osv(Path.of("test-fixtures/advisories/osv"))
 *         .build());
 * }</pre>
 *
 * <p>Never reports "no vulnerabilities" without data: no data source, or an unreadable one, is a
 * {@link BadInputException} (CLI exit 2); an incomplete walk of the package ends up in {@link GateReport#errors()}.
 */
public final class PackageScanner {
    private PackageScanner() {
    }

    public static GateReport scan(ScanRequest request) {
        return scan(request, s -> { });
    }

    /** As {@link #scan(ScanRequest)}, telling {@code progress} about each step (for a progress line). */
    public static GateReport scan(ScanRequest request, Consumer<String> progress) {
        Path pkg = request.packagePath();
        if (!Files.exists(pkg)) {
            throw new BadInputException(pkg + ": no such file or directory");
        }
        String subject = pkg.getFileName() == null ? pkg.toString() : pkg.getFileName().toString();
        NvdSource nvdSource = NvdSource.of(request);
        // Read the user's files first: a typo in a waiver must not cost a full scan.
        List<DcSuppressions.Rule> suppressions = request.suppressions() == null ? List.of() : DcSuppressions.load(request.suppressions());
        List<Waiver> waivers = request.waivers() == null ? List.of() : WaiverFile.read(request.waivers());
        Optional<OsvDatabase> osv = Optional.ofNullable(request.osv()).map(OsvDatabase::load);

        GateReport.Builder report = GateReport.builder("scan").title("Scan of " + subject);
        CompletableFuture<NvdDatabase> opening = openNvd(request, nvdSource, progress);
        progress.accept("inventory, secrets and risky files of " + subject);
        // the package's SHA-256 for the evidence, the jars' SHA-1 for identification; no other hashing
        PackageWalker walker = new PackageWalker(WalkLimits.defaults(),
                new WalkDigests(WalkDigests.Hashes.SHA256, WalkDigests.Hashes.SHA1));
        // one pass: the inventory's identification and our secret / risky-file search share the walk
        ContentScanner content = new ContentScanner(subject, request.allowGlobs(), request.denyGlobs());
        Inventory inventory = walk(request, walker, content, opening, progress);
        // the walk hashed the package already; directories have no digest of their own
        report.input(new Input("package", pkg.toString(), inventory.subjectSha256()));
        List<ScanComponent> components = new ArrayList<>(inventory.all().map(PackageScanner::component).toList());
        ownIdentity(inventory).ifPresent(self -> components.add(0, self));
        List<Finding> findings = new ArrayList<>(failClosed(inventory.findings()));
        findings.addAll(content.findings());
        inventory.errors().forEach(report::error);

        VulnerabilityMatcher.Result result = match(request, nvdSource, osv, opening, components, report,
                walker.limits().maxEntryBytes(), progress);
        findings.addAll(MatchMerger.merge(result.matches()));
        findings.addAll(matchFindings(result));
        findings.addAll(stale(report.build(), request));
        return finish(report, request, findings, suppressions, waivers, components, result, content.textFiles());
    }

    /**
     * Where the NVD data comes from, checked before anything is read: a data feed (or NVD records turned into one in
     * the data dir), the NVD API, or the data dir's database alone.
     *
     * @param apiEndpoint the NVD API endpoint; null when not asked for
     * @param wanted      whether NVD data is used at all
     * @param feed        a data feed URL or folder; null for none
     * @param fromRecords whether {@code feed} is made from {@link ScanRequest#nvdRecords}
     */
    private record NvdSource(String apiEndpoint, boolean wanted, String feed, boolean fromRecords) {
        static NvdSource of(ScanRequest request) {
            String apiEndpoint = request.nvdApiUrl() == null ? null : NvdApi.endpoint(request.nvdApiUrl(), ScanRequest.NVD_API_URL);
            if (apiEndpoint != null && (request.nvdDatafeed() != null || request.nvdRecords() != null)) {
                // Dependency-Check reads a data feed instead of the API whenever one is set: the URL would be ignored
                throw BadInputException.ofSettings("{0} " + apiEndpoint + ": give either the NVD API or a data feed ({1} / {2}), not both",
                        ScanRequest.NVD_API_URL, ScanRequest.NVD_DATAFEED, ScanRequest.NVD_RECORDS);
            }
            boolean wanted = request.nvdDatafeed() != null || request.nvdRecords() != null || request.nvdApiKey() != null
                    || apiEndpoint != null || hasDatabase(request.dataDir());
            if (!wanted && request.osv() == null) {
                throw BadInputException.ofSettings("no vulnerability data: give {0} URL|DIR, {1} DIR|ZIP or a {2} holding an NVD"
                        + " database (" + request.dataDir() + " has none)", ScanRequest.NVD_DATAFEED, ScanRequest.OSV, ScanRequest.DATA_DIR);
            }
            boolean fromRecords = request.nvdRecords() != null && request.nvdDatafeed() == null;
            String feed = fromRecords ? request.dataDir().resolve("feed-from-records").toString() : request.nvdDatafeed();
            return new NvdSource(apiEndpoint, wanted, feed, fromRecords);
        }

        boolean api(ScanRequest request) {
            return feed == null && (request.nvdApiKey() != null || apiEndpoint != null);
        }
    }

    /**
     * Starts opening the NVD database (imported when new or changed) on its own thread, so that it runs while this
     * one walks the package: the two are independent until matching, and a warm scan spends much of its time in
     * each. Null when no NVD data is wanted.
     */
    private static CompletableFuture<NvdDatabase> openNvd(ScanRequest request, NvdSource source, Consumer<String> progress) {
        if (!source.wanted()) {
            return null;
        }
        progress.accept("NVD data (Dependency-Check) from " + (source.feed() != null ? source.feed()
                : source.api(request) ? "NVD API " + (source.apiEndpoint() != null ? source.apiEndpoint() : NvdApi.DEFAULT_ENDPOINT)
                : request.dataDir()));
        return CompletableFuture.supplyAsync(() -> {
            if (source.fromRecords()) {
                NvdFeedLayout.write(request.nvdRecords(), Path.of(source.feed()));
            }
            return NvdDatabase.open(request.dataDir(), source.feed(), request.nvdApiKey(), source.apiEndpoint());
        }, PackageScanner::startDaemon);
    }

    /** The package's single walk: inventory and content search together; on failure the NVD database is closed first. */
    private static Inventory walk(ScanRequest request, PackageWalker walker, ContentScanner content,
                                 CompletableFuture<NvdDatabase> opening, Consumer<String> progress) {
        try {
            MavenRepositoryIndex repo = MavenRepositoryIndex.forRepository(request.mavenRepo()).orElse(null);
            return new PackageInventory(walker, repo, request.checksumSearch(), progress).inventory(request.packagePath(), content::alongside);
        } catch (RuntimeException e) {
            // an unreadable package is the error to report; the database is still closed properly first
            if (opening != null) {
                opening.handle((db, failure) -> db).thenAccept(db -> {
                    if (db != null) {
                        db.close();
                    }
                }).join();
            }
            throw e;
        }
    }

    /** The components against OSV and, when opened, NVD (with Dependency-Check's analysis); the data's inputs reported. */
    private static VulnerabilityMatcher.Result match(ScanRequest request, NvdSource source, Optional<OsvDatabase> osv,
                                                     CompletableFuture<NvdDatabase> opening, List<ScanComponent> components,
                                                     GateReport.Builder report, long maxBytes, Consumer<String> progress) {
        osv.ifPresent(db -> {
            report.input(new Input("advisories-osv", request.osv().toString(), Files.isRegularFile(request.osv()) ? sha256(request.osv()) : ""));
            report.dataAsOf("osv", db.newestRecord());
        });
        if (opening == null) {
            return new VulnerabilityMatcher(osv, Optional.empty()).match(components, jars -> List.of());
        }
        if (source.feed() != null) {
            report.input(new Input("advisories-nvd", source.fromRecords() ? request.nvdRecords().toString() : source.feed(), ""));
        } else if (source.api(request)) {
            // the endpoint only: the key is a credential, never evidence
            report.input(new Input("advisories-nvd-api", source.apiEndpoint() != null ? source.apiEndpoint() : NvdApi.DEFAULT_ENDPOINT, ""));
        }
        try (NvdDatabase nvd = join(opening)) {
            nvd.dataAsOf().ifPresent(t -> report.dataAsOf("nvd", t));
            progress.accept("matching " + components.size() + " components (NVD as of " + nvd.dataAsOf().map(Object::toString).orElse("unknown") + ")");
            return new VulnerabilityMatcher(osv, Optional.of(nvd)).match(components,
                    jars -> DcAnalysis.analyse(nvd.analysisCache(), nvd::analyze, request.packagePath(), jars, maxBytes, progress));
        }
    }

    /** What matching could not settle: components no data covers, and CPEs Dependency-Check disagrees on. */
    private static List<Finding> matchFindings(VulnerabilityMatcher.Result result) {
        List<Finding> findings = new ArrayList<>();
        for (ScanComponent c : result.unmatched()) {
            findings.add(ScanRule.UNMATCHED.finding().subject(c.subject()).location(c.path())
                    .message(c.coordinates() + ": no NVD product or OSV package in the data covers it — not known to be clean")
                    .property("purl", c.purl()).build());
        }
        for (CpeReconciler.Conflict c : result.conflicts()) {
            findings.add(ScanRule.CPE_CONFLICT.finding().subject(c.component().subject()).location(c.component().path())
                    .message(c.component().coordinates() + ": Dependency-Check's evidence names " + String.join(", ", c.dependencyCheck())
                            + ", the exact mapping " + (c.ours().isEmpty() ? "no NVD product" : String.join(", ", c.ours()))
                            + (c.advisories().isEmpty() ? "" : "; its CPE would add " + String.join(", ", c.advisories())))
                    .property("purl", c.component().purl())
                    .property("cpe", String.join(",", c.ours()))
                    .property("dependencyCheckCpe", String.join(",", c.dependencyCheck()))
                    .property("impliedAdvisories", String.join(",", c.advisories())).build());
        }
        return findings;
    }

    /** Suppressions and waivers applied, their files and the summary recorded: the finished report. */
    private static GateReport finish(GateReport.Builder report, ScanRequest request, List<Finding> findings,
                                     List<DcSuppressions.Rule> suppressions, List<Waiver> waivers,
                                     List<ScanComponent> components, VulnerabilityMatcher.Result result, long textFiles) {
        Suppression applied = Suppression.apply(findings, suppressions, waivers, request.clock(), request.suppressions(), request.waivers());
        if (request.suppressions() != null) {
            report.input(new Input("suppressions", request.suppressions().toString(), sha256(request.suppressions())));
        }
        if (request.waivers() != null) {
            report.input(new Input("waivers", request.waivers().toString(), sha256(request.waivers())));
        }
        report.findings(applied.kept());
        components.forEach(c -> report.subject(c.subject()));
        report.summary("components", components.size())
                .summary("advisoryFindings", applied.kept().stream().filter(f -> f.properties().containsKey("advisory")).count())
                .summary("unmatched", result.unmatched().size())
                .summary("suppressed", applied.suppressed())
                .summary("cpeConflicts", result.conflicts().size())
                .summary("textFilesScanned", textFiles);
        return report.build();
    }

    /** Inventory rule ids meaning "this part of the package was not opened or not read to its end". */
    static final java.util.Set<String> NOT_EXAMINED = java.util.Set.of("RG-INV-DEPTH-LIMIT", "RG-INV-ARCHIVE-BOMB",
            "RG-INV-CORRUPT-ARCHIVE", "RG-INV-TOO-MANY-ENTRIES");

    /**
     * Fail closed: whatever the walk could not open cannot be called free of vulnerable jars or secrets. Each such
     * inventory finding becomes one {@code RG-SCAN-INCOMPLETE} finding (HIGH, marked {@code incomplete=true} so that the
     * promotion gate blocks on it whatever its block-at), keeping the walk's own id as an alias: a waiver naming
     * either id, with the item's path, accepts it.
     */
    static List<Finding> failClosed(List<Finding> walked) {
        List<Finding> out = new ArrayList<>(walked.size());
        for (Finding f : walked) {
            if (!NOT_EXAMINED.contains(f.ruleId())) {
                out.add(f);
                continue;
            }
            out.add(ScanRule.INCOMPLETE.finding().subject(f.subject()).location(f.location())
                    .message(f.title() + ": " + f.message() + " — not examined for vulnerable components or secrets")
                    .property("cause", f.ruleId()).property("aliases", f.ruleId()).property("incomplete", true).build());
        }
        return out;
    }

    private static void startDaemon(Runnable task) {
        Thread thread = new Thread(task, "release-gates-nvd");
        thread.setDaemon(true);
        thread.start();
    }

    /** The opened database, or the opening's own exception (a BadInputException names the data). */
    private static NvdDatabase join(CompletableFuture<NvdDatabase> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static List<Finding> stale(GateReport partial, ScanRequest request) {
        List<Finding> out = new ArrayList<>();
        Duration max = request.maxDataAge();
        if (max == null) {
            return out;
        }
        Instant now = request.clock().instant();
        partial.dataAsOf().forEach((name, asOf) -> {
            Duration age = Duration.between(asOf, now);
            if (age.compareTo(max) > 0) {
                out.add(ScanRule.DATA_STALE.finding().subject(name).location("")
                        .message(name + " data is " + age.toDays() + " days old (as of " + asOf + "), more than " + ScanRequest.MAX_DATA_AGE
                                + " " + max.toDays() + " days")
                        .property("dataAsOf", asOf).property("maxDataAge", max).build());
            }
        });
        return out;
    }

    /**
     * The package's own Maven identity (a WAR's or fat jar's META-INF/maven/…/pom.properties) as a component of its
     * own: activemq-web-console 5.15.9 is ActiveMQ 5.15.9 whatever jars it holds, and Dependency-Check reports the
     * package file's CVEs too. Located at the package's file name. Dependency-Check's evidence analysis sees the
     * package's descriptor only ({@link JarExtractor#descriptorStub}), not the whole package a second time, under a
     * key made of the package's SHA-256 ({@link #OWN_KEY_LENGTH} hex digits, a jar SHA-1's length); a directory has
     * no digest and keeps the exact mapping only.
     */
    private static Optional<ScanComponent> ownIdentity(Inventory inventory) {
        String key = inventory.subjectSha256().length() >= OWN_KEY_LENGTH
                ? inventory.subjectSha256().substring(0, OWN_KEY_LENGTH) : "";
        return inventory.root().filter(r -> !r.purl().isEmpty() && !inventory.components().contains(r))
                .map(r -> new ScanComponent(r.purl(), r.group(), r.name(), r.version(), inventory.subject(), key,
                        r.confidence() == Evidence.Confidence.EXACT || r.confidence() == Evidence.Confidence.HIGH));
    }

    private static final int OWN_KEY_LENGTH = 40;

    private static ScanComponent component(Component c) {
        boolean exact = c.confidence() == Evidence.Confidence.EXACT || c.confidence() == Evidence.Confidence.HIGH;
        return new ScanComponent(c.purl(), c.group(), c.name(), c.version(), c.path(), c.sha1(), exact);
    }

    private static boolean hasDatabase(Path dataDir) {
        try (var files = Files.list(dataDir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".mv.db"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try {
            return Digests.sha256(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
