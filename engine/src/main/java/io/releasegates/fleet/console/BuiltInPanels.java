package io.releasegates.fleet.console;

import io.releasegates.duration.Ages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The console's own "needs attention" panels: vulnerable hosts, components out of cadence, hosts gone silent. */
final class BuiltInPanels {
    private BuiltInPanels() {
    }

    static List<AttentionPanel> all() {
        return List.of(VULNERABLE_HOSTS, OUT_OF_POLICY, STALE_HOSTS);
    }

    /** A panel whose counts come from one grouped query: environment, count, detail value. */
    private record Grouped(String id, String title, String explanation,
                           Function<AttentionPanel.Context, List<Object[]>> rows,
                           Function<AttentionPanel.Context, String> unknown,
                           Function<Object[], String> detail,
                           Function<AttentionPanel.Context, String> link) implements AttentionPanel {
        @Override
        public List<Count> counts(Context context) {
            List<String> scopes = new ArrayList<>();
            scopes.add(ConsoleRefresh.ALL);
            scopes.addAll(context.environments());
            String why = unknown.apply(context);
            List<Object[]> found = why == null ? rows.apply(context) : List.of();
            List<Count> out = new ArrayList<>();
            for (String scope : scopes) {
                String href = link.apply(context) + (scope.isEmpty() ? "" : "&environment=" + ListQuery.enc(scope));
                if (why != null) {
                    out.add(new Count(scope, null, href, why));
                    continue;
                }
                Object[] row = found.stream().filter(r -> scope.equals(r[0])).findFirst().orElse(null);
                long n = row == null ? 0 : ((Number) row[1]).longValue();
                out.add(new Count(scope, n, href, row == null ? "" : detail.apply(row)));
            }
            return out;
        }
    }

    /** Adds the row over all environments: the sum of the counts, the worst of the details. */
    private static List<Object[]> withTotal(List<Object[]> perEnvironment, boolean maxDetail) {
        List<Object[]> out = new ArrayList<>(perEnvironment);
        long total = 0;
        long detail = 0;
        for (Object[] r : perEnvironment) {
            total += ((Number) r[1]).longValue();
            long d = r[2] == null ? 0 : ((Number) r[2]).longValue();
            detail = maxDetail ? Math.max(detail, d) : detail + d;
        }
        if (total > 0) {
            out.add(new Object[] {ConsoleRefresh.ALL, total, detail});
        }
        return out;
    }

    static final AttentionPanel VULNERABLE_HOSTS = new Grouped("vulnerable-hosts",
            "Hosts with known critical or high vulnerabilities",
            "hosts running a version with a known advisory rated high or critical, worst first",
            c -> withTotal(c.tables().select("SELECT h.environment, COUNT(*), SUM(CASE WHEN s.severity_rank >= 5 THEN 1 ELSE 0 END)"
                    + " FROM fleet_host h JOIN fleet_host_status s ON s.host_id = h.id WHERE s.severity_rank >= 4"
                    + " GROUP BY h.environment", List.of(), 3), false),
            c -> ((Number) c.tables().select("SELECT COUNT(*) FROM fleet_vuln_scan", List.of(), 1).get(0)[0]).longValue() == 0
                    ? "unknown: no scan data imported" : null,
            r -> r[2] + " critical",
            c -> "/hosts?vulnerable=high&sort=severity&dir=desc");

    static final AttentionPanel OUT_OF_POLICY = new Grouped("out-of-policy",
            "Components out of their cadence tier",
            "components some machine runs past the update deadline of its tier, longest overdue first",
            c -> c.tables().select("SELECT environment, COUNT(*), MAX(overdue_days) FROM fleet_component_status"
                    + " WHERE out_of_policy > 0 GROUP BY environment", List.of(), 3),
            c -> null,
            r -> "up to " + (r[2] == null ? 0 : r[2]) + " days past the deadline",
            c -> "/components?policy=out&sort=overdue_days&dir=desc");

    static final AttentionPanel STALE_HOSTS = new Grouped("stale-hosts",
            "Hosts that stopped reporting",
            "hosts with no report within the configured age, longest silent first",
            c -> withTotal(c.tables().select("SELECT environment, COUNT(*), 0 FROM fleet_host"
                    + " WHERE last_report_at IS NULL OR last_report_at < ? GROUP BY environment",
                    List.of(c.now().minus(c.staleAfter())), 3), true),
            c -> null,
            r -> "",
            c -> "/hosts?stale=" + ListQuery.enc(Ages.format(c.staleAfter())) + "&sort=last_report&dir=asc");
}
