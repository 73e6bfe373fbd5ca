package io.releasegates.fleet.view;

import io.releasegates.fleet.view.ViewModel.ComponentStat;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.VersionStat;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import io.releasegates.fleet.view.ViewModel.Advisory;
import io.releasegates.fleet.view.ViewModel.VersionVulnerabilities;
import java.util.List;
import java.util.Optional;

/**
 * The cadence verdicts as a gate report: one finding per outdated version that breaks the policy somewhere
 * (RG-FLEET-001) or that nobody agreed a date for (RG-FLEET-002), and, when scan data was imported, one per running
 * version with a known vulnerability rated high or critical (RG-FLEET-003). Rule ids are documented in docs/rules.md.
 */
public final class FleetFindings {
    public static final String OUT_OF_POLICY = "RG-FLEET-001";
    public static final String NO_AGREED_DATE = "RG-FLEET-002";
    public static final String KNOWN_VULNERABILITY = "RG-FLEET-003";

    private FleetFindings() {
    }

    public static GateReport report(ComponentsView view, String storeDescription) {
        GateReport.Builder b = GateReport.builder("fleet")
                .title("Fleet update cadence" + (view.environment() == null ? "" : " (" + view.environment() + ")"))
                .generatedAt(view.generatedAt())
                .summary("hosts", view.hosts())
                .summary("components", view.components())
                .summary("installations", view.installations())
                .summary("outOfPolicy", view.outOfPolicy());
        for (ComponentStat c : view.items()) {
            b.subject(c.purl());
            for (VersionStat v : c.versions()) {
                if (v.compliance().equals("out-of-policy")) {
                    b.finding(Finding.builder(OUT_OF_POLICY, Severity.HIGH)
                            .title("Component version out of update policy")
                            .subject(c.purl() + "@" + v.version())
                            .location(storeDescription)
                            .message(v.outOfPolicy() + " machine(s) run " + c.name() + " " + v.version() + "; " + c.newest()
                                    + " is available, a newer version for " + v.daysBehind() + " day(s), tier " + c.tier())
                            .property("machines", v.outOfPolicy())
                            .property("newest", c.newest())
                            .property("versionsBehind", v.versionsBehind())
                            .property("daysBehind", v.daysBehind())
                            .property("tier", c.tier())
                            .build());
                } else if (v.compliance().equals("no-agreed-date")) {
                    b.finding(Finding.builder(NO_AGREED_DATE, Severity.MEDIUM)
                            .title("Direct-tier component without an agreed update date")
                            .subject(c.purl() + "@" + v.version())
                            .location(storeDescription)
                            .message(v.machines() + " machine(s) run " + c.name() + " " + v.version() + " behind " + c.newest()
                                    + ", and the cadence policy has no agreed date for this environment")
                            .property("machines", v.machines())
                            .property("newest", c.newest())
                            .build());
                }
                vulnerable(c, v, storeDescription).ifPresent(b::finding);
            }
        }
        return b.build();
    }

    /** Hosts run a version with a known advisory at or above high: the finding's severity is the worst one. */
    private static Optional<Finding> vulnerable(ComponentStat c, VersionStat v, String storeDescription) {
        VersionVulnerabilities vulns = v.vulnerabilities();
        if (vulns == null || vulns.highest() == null || v.machines() == 0) {
            return Optional.empty();
        }
        Severity highest = Severity.parse(vulns.highest());
        if (!highest.isAtLeast(Severity.HIGH)) {
            return Optional.empty();
        }
        List<String> serious = vulns.advisories().stream().filter(a -> Severity.parse(a.severity()).isAtLeast(Severity.HIGH))
                .map(Advisory::id).toList();
        String fixed = String.join(",", vulns.advisories().stream().flatMap(a -> a.fixedIn().stream()).distinct().toList());
        return Optional.of(Finding.builder(KNOWN_VULNERABILITY, highest)
                .title("Hosts run a component version with a known vulnerability")
                .subject(c.purl() + "@" + v.version())
                .location(storeDescription)
                .message(v.machines() + " machine(s) run " + c.name() + " " + v.version() + " with " + serious.size()
                        + " known vulnerabilit" + (serious.size() == 1 ? "y" : "ies") + " rated high or critical ("
                        + String.join(", ", serious) + ")" + (fixed.isEmpty() ? "" : "; fixed in " + fixed))
                .property("machines", v.machines())
                .property("advisories", String.join(",", serious))
                .property("highest", highest.label())
                .property("fixedIn", fixed)
                .property("scannedAt", vulns.scannedAt())
                .property("source", vulns.source())
                .build());
    }
}
