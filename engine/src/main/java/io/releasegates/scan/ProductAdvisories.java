package io.releasegates.scan;

import io.releasegates.report.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NVD advisories of a product named outright by vendor, product and version (a web server or runtime read off a
 * response banner, not a jar), through the same Dependency-Check database and CPE range evaluation as the scan: a
 * {@code Server: Apache/2.4.49} banner is {@code cpe:2.3:a:apache:http_server:2.4.49}.
 */
public final class ProductAdvisories implements AutoCloseable {
    /** One CVE whose vulnerable CPE configuration covers the version. */
    public record Advisory(String cve, String cpe, String summary, Severity severity, String cvssVector, String fixedIn) {
    }

    private final NvdDatabase db;

    private ProductAdvisories(NvdDatabase db) {
        this.db = db;
    }

    /**
     * Opens the NVD data as {@link PackageScanner} does: a Dependency-Check data feed (URL or folder), or a folder of
     * NVD CVE records laid out as one in {@code dataDir}, or (both null) the database already in {@code dataDir}.
     */
    public static ProductAdvisories open(Path dataDir, String nvdDatafeed, Path nvdRecords) {
        boolean fromRecords = nvdRecords != null && nvdDatafeed == null;
        String feed = fromRecords ? dataDir.resolve("feed-from-records").toString() : nvdDatafeed;
        if (fromRecords) {
            NvdFeedLayout.write(nvdRecords, Path.of(feed));
        }
        return new ProductAdvisories(NvdDatabase.open(dataDir, feed, null, null));
    }

    /** Every CVE with a vulnerable {@code cpe:2.3:a:VENDOR:PRODUCT} rule matching {@code version}, ids in order. */
    public List<Advisory> of(String vendor, String product, String version) {
        List<Advisory> out = new ArrayList<>();
        for (CpeRule rule : db.rules(vendor, product)) {
            if (!rule.matches(version) || out.stream().anyMatch(a -> a.cve().equals(rule.cve()))) {
                continue;
            }
            Optional<NvdDatabase.Advisory> advisory = db.advisory(rule.cve());
            Optional<Cvss3> cvss = advisory.flatMap(NvdDatabase.Advisory::cvss);
            // unscored advisories are reported at medium, as the scan does
            out.add(new Advisory(rule.cve(), rule.describe(), advisory.map(NvdDatabase.Advisory::summary).orElse(""),
                    cvss.map(Cvss3::severity).orElse(Severity.MEDIUM), cvss.map(Cvss3::vector).orElse(""), rule.fixedIn()));
        }
        out.sort(java.util.Comparator.comparing(Advisory::cve));
        return List.copyOf(out);
    }

    public Optional<Instant> dataAsOf() {
        return db.dataAsOf();
    }

    public String source() {
        return db.source();
    }

    @Override
    public void close() {
        db.close();
    }
}
