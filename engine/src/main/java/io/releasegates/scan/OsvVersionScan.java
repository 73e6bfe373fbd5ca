package io.releasegates.scan;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.releasegates.report.Digests;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        OsvDatabase db = OsvDatabase.load(osv);
        List<ScanComponent> components = new ArrayList<>();
        for (String purl : purls) {
            component(purl).ifPresent(components::add);
        }
        VulnerabilityMatcher.Result result = new VulnerabilityMatcher(Optional.of(db), Optional.empty())
                .match(components, jars -> List.of());
        List<Finding> findings = new ArrayList<>(MatchMerger.merge(result.matches()));
        int advisories = findings.size();
        for (ScanComponent c : result.unmatched()) {
            findings.add(ScanRule.UNMATCHED.finding().subject(c.subject())
                    .message(c.coordinates() + ": no OSV package in the data covers it — not known to be clean")
                    .property("purl", c.purl()).build());
        }
        GateReport.Builder report = GateReport.builder("scan").title("OSV match of " + components.size() + " component versions")
                .generatedAt(db.newestRecord()).dataAsOf("osv", db.newestRecord())
                .input(new Input("advisories-osv", osv.toString(), Files.isRegularFile(osv) ? sha256(osv) : ""))
                .findings(findings)
                .summary("components", components.size())
                .summary("advisoryFindings", advisories)
                .summary("unmatched", result.unmatched().size());
        components.forEach(c -> report.subject(c.subject()));
        return report.build();
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
