package io.releasegates.scan;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.releasegates.files.Digests;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scan's OSV matching applied to bare component versions, without a package: for versions known from elsewhere
 * (the fleet store). The result has the shape of a scan report (the same merged advisory findings and
 * {@code RG-SCAN-UNMATCHED}), so that it is read exactly like {@code scan --json} evidence. It is dated with the
 * data's newest record, not the run, so that matching the same data again is recognisably the same scan.
 */
public final class OsvVersionScan {
    private OsvVersionScan() {
    }

    /**
     * @param osv   OSV folder or zip, as {@code scan --osv}
     * @param purls versioned purls; only Maven ones can be matched (the OSV reader keeps the Maven ecosystem), the
     *              rest are left out of the report entirely (neither examined nor unmatched)
     */
    public static GateReport scan(Path osv, List<String> purls) {
        return scan(osv, purls, Optional.empty());
    }

    /**
     * Also matches the Debian packages ({@code pkg:deb/debian/...}) among the purls against OSV's Debian advisories.
     *
     * @param debianOrigins per versioned purl as given in {@code purls}, what its hosts reported: one entry per release.
     *                      A Debian version with no entry, or only entries whose release is unknown, is examined and
     *                      reported unmatched (never clean). Other deb namespaces (e.g. ubuntu) are left out.
     */
    public static GateReport scan(Path osv, List<String> purls, Map<String, List<DebianOrigin>> debianOrigins) {
        return scan(osv, purls, Optional.of(debianOrigins));
    }

    private static GateReport scan(Path osv, List<String> purls, Optional<Map<String, List<DebianOrigin>>> debianOrigins) {
        return scan(OsvDatabase.load(osv), Optional.empty(), osv.toString(), Files.isRegularFile(osv) ? sha256(osv) : "",
                purls, debianOrigins);
    }

    /**
     * The monitor's match: OSV from several sources (one osv.dev archive per ecosystem), and optionally NVD through the
     * scan's CPE path for exact Maven coordinates ({@link CpeMapping}; Dependency-Check's evidence analysis needs the
     * jars, which bare versions do not have, so it does not run).
     *
     * @param nvdDataDir  Dependency-Check's data folder holding an NVD database; null for no NVD
     * @param nvdRecords  NVD API 2.0 CVE records to import into {@code nvdDataDir} first (as {@code scan --nvd-records}); null for none
     */
    public static GateReport scan(List<Path> osv, Path nvdDataDir, Path nvdRecords, List<String> purls,
                                  Map<String, List<DebianOrigin>> debianOrigins) {
        if (osv.isEmpty() && nvdDataDir == null) {
            throw new io.releasegates.report.BadInputException("no advisory data: give OSV archives or an NVD data folder");
        }
        OsvDatabase db = osv.isEmpty() ? null : OsvDatabase.loadAll(osv);
        if (nvdDataDir == null) {
            return scan(db, Optional.empty(), String.join(", ", osv.stream().map(Path::toString).toList()), "", purls,
                    Optional.of(debianOrigins));
        }
        String feed = null;
        if (nvdRecords != null) {
            Path target = nvdDataDir.resolve("feed-from-records");
            NvdFeedLayout.write(nvdRecords, target);
            feed = target.toString();
        }
        try (NvdDatabase nvd = NvdDatabase.open(nvdDataDir, feed, null, null)) {
            return scan(db, Optional.of(nvd), String.join(", ", osv.stream().map(Path::toString).toList()), "", purls,
                    Optional.of(debianOrigins));
        }
    }

    private static GateReport scan(OsvDatabase db, Optional<NvdDatabase> nvd, String osvName, String osvDigest,
                                   List<String> purls, Optional<Map<String, List<DebianOrigin>>> debianOrigins) {
        List<ScanComponent> components = new ArrayList<>();
        List<DebianMatcher.Installed> debian = new ArrayList<>();
        for (String purl : purls) {
            component(purl).ifPresent(components::add);
            if (db != null) {
                debianOrigins.flatMap(origins -> debian(purl, origins)).ifPresent(debian::add);
            }
        }
        VulnerabilityMatcher.Result result = new VulnerabilityMatcher(Optional.ofNullable(db), nvd)
                .match(components, jars -> List.of());
        DebianMatcher.Result debianResult = db == null ? new DebianMatcher.Result(List.of(), Map.of())
                : new DebianMatcher(db).match(debian);
        List<AdvisoryMatch> matches = new ArrayList<>(result.matches());
        matches.addAll(debianResult.matches());
        List<Finding> findings = new ArrayList<>(MatchMerger.merge(matches));
        int advisories = findings.size();
        for (ScanComponent c : result.unmatched()) {
            findings.add(ScanRule.UNMATCHED.finding().subject(c.subject())
                    .message(c.coordinates() + ": no OSV package in the data covers it — not known to be clean")
                    .property("purl", c.purl()).build());
        }
        debianResult.unmatched().forEach((c, why) -> findings.add(ScanRule.UNMATCHED.finding().subject(c.subject())
                .message(c.coordinates() + ": " + why + " — not known to be clean")
                .property("purl", c.purl()).build()));
        debian.forEach(d -> components.add(d.component()));
        int unmatched = result.unmatched().size() + debianResult.unmatched().size();
        Instant asOf = db != null ? db.newestRecord() : nvd.flatMap(NvdDatabase::dataAsOf).orElse(Instant.EPOCH);
        GateReport.Builder report = GateReport.builder("scan").title("OSV match of " + components.size() + " component versions")
                .generatedAt(asOf)
                .findings(findings)
                .summary("components", components.size())
                .summary("advisoryFindings", advisories)
                .summary("unmatched", unmatched);
        if (db != null) {
            report.dataAsOf("osv", db.newestRecord()).input(new Input("advisories-osv", osvName, osvDigest));
        }
        nvd.flatMap(NvdDatabase::dataAsOf).ifPresent(t -> report.dataAsOf("nvd", t));
        components.forEach(c -> report.subject(c.subject()));
        return report.build();
    }

    /** A {@code pkg:deb/debian/...} version, with what its hosts reported (possibly nothing: then it is unmatched). */
    private static Optional<DebianMatcher.Installed> debian(String purl, Map<String, List<DebianOrigin>> origins) {
        try {
            PackageURL p = new PackageURL(purl);
            if (!"deb".equals(p.getType()) || !"debian".equals(p.getNamespace()) || p.getVersion() == null) {
                return Optional.empty();
            }
            ScanComponent c = new ScanComponent(purl, "", p.getName(), p.getVersion(), "", "", true);
            return Optional.of(new DebianMatcher.Installed(c, origins.getOrDefault(purl, List.of())));
        } catch (MalformedPackageURLException e) {
            return Optional.empty();
        }
    }

    private static Optional<ScanComponent> component(String purl) {
        try {
            PackageURL p = new PackageURL(purl);
            if (!"maven".equals(p.getType()) || p.getNamespace() == null || p.getVersion() == null) {
                return Optional.empty();
            }
            // the fleet's purls come from inventory SBOMs: an exact identity, as far as matching is concerned
            return Optional.of(new ScanComponent(purl, p.getNamespace(), p.getName(), p.getVersion(), "", "", true));
        } catch (MalformedPackageURLException e) {
            return Optional.empty();
        }
    }

    private static String sha256(Path file) {
        try {
            return Digests.sha256(file);
        } catch (IOException e) {
            return "";
        }
    }
}
