package io.releasegates.probe;

import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.scan.ProductAdvisories;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The probe gate: a safe, passive check of a deployed site (GET requests and TLS handshakes only, no payloads, at a
 * bounded rate), reported as a {@link GateReport} of gate {@code probe} whose findings are located at their URL.
 *
 * <pre>{@code
 * GateReport report = Prober.probe(ProbeRequest.builder(List.of(URI.create("https://staging.shop.example/")))
 *         .config(ProbeConfigReader.read(Path.of("probe.yml")))
 *         .nvdRecords(Path.of("test-fixtures/advisories/nvd"))
 *         .build());
 * }</pre>
 *
 * <p>Per origin: the TLS checks (HTTPS), the exposed-path checks after a soft-404 test, the crawl (security headers
 * on the first HTML page, cookies, banners, error pages and directory listings on every page), and a CORS request.
 * Then probe.yml's actions and exceptions.
 */
public final class Prober {
    private Prober() {
    }

    public static GateReport probe(ProbeRequest request) {
        return probe(request, s -> { });
    }

    /** As {@link #probe(ProbeRequest)}, telling {@code progress} about each step (for a progress line). */
    public static GateReport probe(ProbeRequest request, Consumer<String> progress) {
        for (URI u : request.urls()) {
            if (u.getScheme() == null || !u.getScheme().matches("(?i)https?") || u.getHost() == null) {
                throw new BadInputException(u + ": not an http or https URL with a host");
            }
        }
        if (request.nvdRecords() != null && !Files.isDirectory(request.nvdRecords())) {
            throw new BadInputException(request.nvdRecords() + ": no such folder of NVD records");
        }
        GateReport.Builder report = GateReport.builder("probe").title("Probe of " + String.join(", ",
                request.urls().stream().map(URI::toString).toList()));
        request.urls().forEach(u -> report.input(new Input("url", u.toString(), "")));
        if (!request.config().source().isEmpty()) {
            report.input(new Input("probe-config", request.config().source(), sha256(Path.of(request.config().source()))));
        }
        List<Finding> findings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Advisories nvd = new Advisories(request, report);
        long pages = 0;
        Fetcher fetcher = new Fetcher(request);
        try {
            for (URI url : request.urls()) {
                pages += origin(url, request, fetcher, nvd, findings, errors, progress);
            }
            // every origin is a subject, so that a clean one still shows as a passed JUnit test case
            request.urls().stream().map(u -> originOf(u).toString()).distinct().forEach(report::subject);
        } finally {
            nvd.close();
        }
        errors.forEach(report::error);
        ProbeOutcome applied = ProbeOutcome.apply(findings, request.config(), request.clock());
        report.findings(applied.kept());
        return report.summary("pages", pages).summary("requests", fetcher.requests())
                .summary("ignored", applied.ignored()).summary("excepted", applied.excepted())
                .summary("origins", request.urls().size()).build();
    }

    private static int origin(URI url, ProbeRequest request, Fetcher fetcher, Advisories nvd, List<Finding> findings,
                              List<String> errors, Consumer<String> progress) {
        URI start = url.getRawPath() == null || url.getRawPath().isEmpty() ? url.resolve("/") : url;
        URI origin = originOf(url);
        String subject = origin.toString();
        long deadline = System.nanoTime() + request.maxTime().toNanos();
        boolean https = "https".equals(origin.getScheme());
        boolean trusted = true;
        if (https) {
            progress.accept("TLS of " + subject);
            TlsChecks.Result tls = TlsChecks.check(origin, request, fetcher);
            findings.addAll(tls.findings());
            trusted = tls.trusted();
            if (!trusted && !request.headers().isEmpty()) {
                errors.add(subject + ": certificate not trusted for the host, so the extra headers " + request.headers().keySet()
                        + " were not sent (pages behind them were not examined)");
            }
        }
        fetcher.withHeaders(trusted);
        PageChecks pages = new PageChecks(subject, nvd, findings);
        progress.accept("exposed paths of " + subject);
        findings.addAll(Exposures.check(fetcher, origin, errors, pages::errorPage));
        progress.accept("crawling " + subject);
        int before = errors.size();
        Crawler.Outcome crawl = Crawler.crawl(fetcher, start, request.maxPages(), deadline, errors, pages::accept);
        if (crawl.pages() == 0 && errors.size() > before) {
            return 0;
        }
        if (crawl.limited()) {
            findings.add(ProbeRule.CRAWL_LIMIT.finding().subject(subject).location(start.toString())
                    .message("the crawl stopped at its " + crawl.limit() + " after " + crawl.pages() + " pages, with links left to visit")
                    .property("pages", crawl.pages()).build());
        }
        try {
            Fetcher.Page cors = fetcher.get(start, Fetcher.PAGE_BYTES, Map.of("Origin", HeaderChecks.FOREIGN_ORIGIN));
            findings.addAll(HeaderChecks.cors(cors, subject));
        } catch (IOException e) {
            errors.add(start + " (CORS check): " + Exposures.describe(e));
        }
        return crawl.pages();
    }

    /** What every crawled page is examined for, once per origin where one finding says it all. */
    private static final class PageChecks {
        private final String origin;
        private final Advisories nvd;
        private final List<Finding> findings;
        private final Set<String> cookies = new HashSet<>();
        private final Set<String> banners = new HashSet<>();
        private boolean headersChecked;

        PageChecks(String origin, Advisories nvd, List<Finding> findings) {
            this.origin = origin;
            this.nvd = nvd;
            this.findings = findings;
        }

        void accept(Fetcher.Page page) {
            String at = page.uri().toString();
            if (!headersChecked && page.status() == 200 && page.contentType().contains("html")) {
                headersChecked = true;
                findings.addAll(HeaderChecks.securityHeaders(page, origin));
            }
            findings.addAll(HeaderChecks.cookies(page, origin, cookies));
            errorPage(page);
            if (page.status() == 200) {
                Exposures.listing(page).ifPresent(what -> findings.add(ProbeRule.DIRECTORY_LISTING.finding().subject(origin)
                        .location(at).message(page.uri().getPath() + " is " + what).build()));
            }
        }

        void errorPage(Fetcher.Page page) {
            ErrorPages.check(page, origin).ifPresent(findings::add);
            for (Banners.Product p : Banners.products(page)) {
                if (!banners.add(p.header() + " " + p.banner())) {
                    continue;
                }
                Finding leak = Banners.versionLeak(p, origin, page.uri().toString());
                List<Finding> advisories = Banners.advisories(p, nvd.get(), origin, page.uri().toString());
                findings.add(nvd.available() ? leak : new Finding(leak.ruleId(), leak.title(), leak.severity(), leak.subject(),
                        leak.location(), leak.message() + " (no NVD data given: not matched against advisories)", leak.properties()));
                findings.addAll(advisories);
            }
        }
    }

    /** The NVD data, opened on first need: importing it takes a while and most sites hide their versions. */
    private static final class Advisories {
        private final ProbeRequest request;
        private final GateReport.Builder report;
        private final boolean wanted;
        private Optional<ProductAdvisories> opened;

        Advisories(ProbeRequest request, GateReport.Builder report) {
            this.request = request;
            this.report = report;
            this.wanted = request.nvdDatafeed() != null || request.nvdRecords() != null || hasDatabase(request.dataDir());
        }

        boolean available() {
            return wanted;
        }

        Optional<ProductAdvisories> get() {
            if (opened == null) {
                opened = wanted ? Optional.of(ProductAdvisories.open(request.dataDir(), request.nvdDatafeed(), request.nvdRecords()))
                        : Optional.empty();
                opened.ifPresent(db -> {
                    report.input(new Input("advisories-nvd", request.nvdRecords() != null ? request.nvdRecords().toString()
                            : request.nvdDatafeed() != null ? request.nvdDatafeed() : db.source(), ""));
                    db.dataAsOf().ifPresent(t -> report.dataAsOf("nvd", t));
                });
            }
            return opened;
        }

        void close() {
            if (opened != null) {
                opened.ifPresent(ProductAdvisories::close);
            }
        }

        private static boolean hasDatabase(Path dataDir) {
            return Files.isRegularFile(dataDir.resolve("odc.mv.db"));
        }
    }

    private static URI originOf(URI url) {
        return URI.create(url.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + url.getRawAuthority());
    }

    private static String sha256(Path file) {
        try {
            return Digests.sha256(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
