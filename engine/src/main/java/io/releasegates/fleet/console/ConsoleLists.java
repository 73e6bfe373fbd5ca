package io.releasegates.fleet.console;

import io.releasegates.fleet.console.ListFilter.Condition;
import io.releasegates.duration.Ages;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The console's own lists: hosts, components and advisories, read from the status tables (migration 6.19) joined to
 * the store's hosts and components. Ranks of severity are stored as numbers so that "worst first" is an ORDER BY.
 */
public final class ConsoleLists {
    private static final Map<String, Integer> AT_LEAST = Map.of("any", 1, "low", 2, "medium", 3, "high", 4, "critical", 5);
    private static final List<String> SEVERITIES = List.of("any", "high", "critical");

    private ConsoleLists() {
    }

    /** @param clock "stale" is relative to now */
    public static ListSpec hosts(Clock clock) {
        return new ListSpec("hosts", "Hosts", "fleet_host h LEFT JOIN fleet_host_status s ON s.host_id = h.id",
                List.of(ListColumn.text("host", "host", "h.name").linked("/hosts/", "host"),
                        ListColumn.text("environment", "environment", "h.environment"),
                        ListColumn.text("role", "role", "h.role"),
                        ListColumn.number("packages", "packages", "h.package_count"),
                        ListColumn.number("patch_level", "patch level %", "s.patch_level"),
                        ListColumn.number("out_of_policy", "out of policy", "s.out_of_policy"),
                        ListColumn.number("vulnerable", "vulnerable packages", "s.vulnerable"),
                        ListColumn.severity("severity", "highest severity", "s.severity_rank"),
                        ListColumn.time("last_report", "last report", "h.last_report_at"),
                        ListColumn.hidden("scan_status", "s.scan_status")),
                List.of(ListFilter.equalTo("environment", "environment", "h.environment"),
                        ListFilter.equalTo("role", "role", "h.role"),
                        ListFilter.choice("vulnerable", "vulnerable", SEVERITIES,
                                v -> new Condition("s.severity_rank >= ?", List.of(AT_LEAST.get(v)))),
                        ListFilter.choice("policy", "out of policy", List.of("out"),
                                v -> new Condition("s.out_of_policy > 0", List.of())),
                        new ListFilter("stale", "no report for", List.of(), null, v -> {
                            Duration age = Ages.parse(v);
                            return new Condition("h.last_report_at IS NULL OR h.last_report_at < ?",
                                    List.of(clock.instant().minus(age)));
                        })),
                List.of("h.name"), "host", false, "h.id");
    }

    public static ListSpec components() {
        return new ListSpec("components", "Components", "fleet_component_status s JOIN fleet_component c ON c.id = s.component_id",
                List.of(ListColumn.text("component", "component", "c.name").linked("/components/", "purl"),
                        ListColumn.hidden("purl", "c.purl_key"),
                        ListColumn.text("type", "type", "c.type"),
                        ListColumn.number("machines", "machines", "s.machines"),
                        ListColumn.text("newest", "newest", "s.newest"),
                        ListColumn.number("lag_versions", "lag versions", "s.lag_versions"),
                        ListColumn.number("lag_days", "lag days", "s.lag_days"),
                        ListColumn.text("tier", "tier", "s.tier"),
                        ListColumn.text("compliance", "compliance", "s.compliance"),
                        ListColumn.number("out_of_policy", "machines out of policy", "s.out_of_policy"),
                        ListColumn.number("overdue_days", "days past deadline", "s.overdue_days"),
                        ListColumn.number("vulnerable_machines", "vulnerable machines", "s.vulnerable_machines"),
                        ListColumn.severity("severity", "highest severity", "s.severity_rank")),
                List.of(new ListFilter("environment", "environment", List.of(), "",
                                v -> new Condition("s.environment = ?", List.of(v))),
                        ListFilter.equalTo("type", "type", "c.type"),
                        ListFilter.choice("tier", "tier", List.of("not-serving", "indirect", "direct", "mixed"),
                                v -> new Condition("s.tier = ?", List.of(v))),
                        ListFilter.choice("policy", "out of policy", List.of("out"),
                                v -> new Condition("s.out_of_policy > 0", List.of())),
                        ListFilter.choice("compliance", "compliance",
                                List.of("current", "within-policy", "no-agreed-date", "out-of-policy"),
                                v -> new Condition("s.compliance = ?", List.of(v))),
                        ListFilter.choice("vulnerable", "vulnerable", SEVERITIES,
                                v -> new Condition("s.severity_rank >= ?", List.of(AT_LEAST.get(v))))),
                List.of("c.name", "c.purl_key"), "machines", true, "c.name, c.id");
    }

    public static ListSpec advisories() {
        return new ListSpec("advisories", "Advisories", "fleet_advisory_status a",
                List.of(ListColumn.text("advisory", "advisory", "a.advisory").linked("/advisories/", "advisory"),
                        ListColumn.text("aliases", "aliases", "a.aliases"),
                        ListColumn.severity("severity", "severity", "a.severity_rank"),
                        ListColumn.number("cvss", "CVSS", "a.cvss_score"),
                        ListColumn.number("components", "components", "a.components"),
                        ListColumn.number("versions", "versions", "a.versions"),
                        ListColumn.number("machines", "machines", "a.machines"),
                        ListColumn.text("fixed_in", "fixed in", "a.fixed_in"),
                        ListColumn.time("first_seen", "first seen", "a.first_seen")),
                List.of(new ListFilter("environment", "environment", List.of(), "",
                                v -> new Condition("a.environment = ?", List.of(v))),
                        ListFilter.choice("severity", "at least", List.of("low", "medium", "high", "critical"),
                                v -> new Condition("a.severity_rank >= ?", List.of(AT_LEAST.get(v)))),
                        ListFilter.choice("affected", "running", List.of("yes"),
                                v -> new Condition("a.machines > 0", List.of()))),
                List.of("a.advisory", "a.aliases"), "severity", true, "a.machines DESC, a.advisory");
    }
}
