package io.releasegates.fleet.web;

import io.releasegates.fleet.view.ViewModel.ComponentStat;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.view.ViewModel.HostStat;
import io.releasegates.fleet.view.ViewModel.HostsView;
import io.releasegates.fleet.view.ViewModel.VersionStat;

/** CSV exports (RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote). */
final class FleetCsv {
    private FleetCsv() {
    }

    static String components(ComponentsView view) {
        StringBuilder out = new StringBuilder(
                "purl,name,type,version,machines,newest,versions_behind,days_behind,tier,compliance,out_of_policy\r\n");
        for (ComponentStat c : view.items()) {
            for (VersionStat v : c.versions()) {
                row(out, c.purl(), c.name(), c.type(), v.version(), v.machines(), c.newest(), v.versionsBehind(),
                        v.daysBehind(), c.tier(), v.compliance(), v.outOfPolicy());
            }
        }
        return out.toString();
    }

    static String hosts(HostsView view) {
        StringBuilder out = new StringBuilder(
                "host,environment,role,last_report,packages,up_to_date,patch_level,out_of_policy\r\n");
        for (HostStat h : view.items()) {
            row(out, h.name(), h.environment(), h.role(), h.lastReport(), h.packages(), h.upToDate(), h.patchLevel(),
                    h.outOfPolicy());
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

    static String cell(Object value) {
        String s = value == null ? "" : value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !(value instanceof Number)) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
