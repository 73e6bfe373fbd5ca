package io.releasegates.fleet.web;

import io.releasegates.fleet.view.ViewModel.ComponentStat;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.HostStat;
import io.releasegates.fleet.view.ViewModel.HostVulnerabilities;
import io.releasegates.fleet.view.ViewModel.HostsView;
import io.releasegates.fleet.view.ViewModel.VersionStat;
import io.releasegates.fleet.view.ViewModel.Advisory;
import io.releasegates.fleet.view.ViewModel.VersionVulnerabilities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** CSV exports: RFC 4180 quoting, and no cell a spreadsheet would run as a formula ({@link #cell}). */
final class FleetCsv {
    private FleetCsv() {
    }

    static String components(ComponentsView view) {
        boolean scans = view.hasScanData();
        StringBuilder out = new StringBuilder(
                "purl,name,type,version,machines,newest,versions_behind,days_behind,tier,compliance,out_of_policy"
                        + (scans ? ",vulnerability_status,known_vulnerabilities,highest_severity,advisories,vulnerable_machines" : "")
                        + "\r\n");
        for (ComponentStat c : view.items()) {
            for (VersionStat v : c.versions()) {
                List<Object> cells = new ArrayList<>(List.of(c.purl(), c.name(), c.type(), v.version(), v.machines(), c.newest(),
                        v.versionsBehind(), v.daysBehind(), c.tier(), v.compliance(), v.outOfPolicy()));
                if (scans) {
                    VersionVulnerabilities s = v.vulnerabilities();
                    // empty count cells without data: a 0 would claim "scanned, none known"
                    cells.add(s == null ? "no-scan-data" : s.status());
                    cells.add(s == null || s.status().equals(VersionVulnerabilities.UNMATCHED) ? "" : s.known());
                    cells.add(s == null || s.highest() == null ? "" : s.highest());
                    cells.add(s == null ? "" : String.join(" ", s.advisories().stream().map(Advisory::id).toList()));
                    cells.add(c.vulnerableMachines() == null ? "" : c.vulnerableMachines());
                }
                row(out, cells.toArray());
            }
        }
        return out.toString();
    }

    static String hosts(HostsView view) {
        boolean scans = view.hasScanData();
        StringBuilder out = new StringBuilder(
                "host,environment,role,last_report,packages,up_to_date,patch_level,out_of_policy"
                        + (scans ? ",vulnerability_status,vulnerable_packages,highest_severity,checked_packages,"
                        + "unmatched_packages,unscanned_packages" : "") + "\r\n");
        for (HostStat h : view.items()) {
            List<Object> cells = new ArrayList<>(Arrays.asList(h.name(), h.environment(), h.role(), h.lastReport(),
                    h.packages(), h.upToDate(), h.patchLevel(), h.outOfPolicy()));
            if (scans) {
                HostVulnerabilities v = h.vulnerabilities();
                // an empty count, not 0, when no package was checked against data
                cells.addAll(Arrays.asList(v.status(), v.vulnerablePackages() == null ? "" : v.vulnerablePackages(),
                        v.highest() == null ? "" : v.highest(), v.checked(), v.unmatched(), v.unscanned()));
            }
            row(out, cells.toArray());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells[i]));
        }
        out.append("\r\n");
    }

    /**
     * OWASP's CSV-injection advice: a text cell whose first character, or first character after leading spaces,
     * would start a formula (= + - @) or is a tab, carriage return or line feed gets a leading {@code '}, so a
     * spreadsheet shows it as text; a cell holding a separator (comma, or the semicolon that some locales use), an
     * {@code =}, a quote, a tab or a line break is quoted, its quotes doubled, so no part of it starts a cell of its
     * own. Numbers are the store's own counts and stay numbers.
     */
    static String cell(Object value) {
        String s = value == null ? "" : value.toString();
        if (!(value instanceof Number) && startsLikeAFormula(s)) {
            s = "'" + s;
        }
        if (NEEDS_QUOTES.matcher(s).find()) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static final java.util.regex.Pattern NEEDS_QUOTES = java.util.regex.Pattern.compile("[,;=\"\t\r\n]");

    private static boolean startsLikeAFormula(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i < s.length() && "=+-@\t\r\n".indexOf(s.charAt(i)) >= 0;
    }
}
