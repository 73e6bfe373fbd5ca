package io.releasegates.fleet.console;

import io.releasegates.duration.Ages;
import io.releasegates.fleet.console.ListFilter.Condition;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The console's lists over the monitor's and the watch agents' own tables (docs/monitoring.md, docs/integrity.md):
 * monitor events, promoted releases with what the last pass found them exposed to, and file-change alerts. They are
 * read straight from those tables, not from the console's status tables: the rows are facts as recorded, nothing needs
 * working out first. Severities are stored there as words, so "worst first" sorts on a constant CASE rank.
 */
public final class MonitorLists {
    private static final Map<String, Integer> AT_LEAST = Map.of("low", 2, "medium", 3, "high", 4, "critical", 5);
    /**
     * The events' search: the start of the subject's name or of the advisory id, lower-case key columns with an index
     * each (migration 19.5). PostgreSQL reads the two ranges ORed in one query; H2 one query per key range
     * (ListQuery.keyRanges) when at most the bound match. Tried and slower on H2: an IN over a UNION of the two LIKEs
     * (55 s: the subquery re-run per row under the bounded count) and a UNION ALL of one LIKE per key (2.8 to 3.1 s:
     * H2 reads no index for a LIKE with a bound pattern).
     */
    static final List<String> SEARCH = List.of("e.subject_key", "e.advisory_key");
    /** How many events past the page's start the events list counts before it says "more than". */
    public static final int EVENTS_COUNTED = 10_000;

    private MonitorLists() {
    }

    /** The rank of a stored severity word (as ConsoleTables ranks them: 0 unknown, 1 info .. 5 critical). */
    static String rank(String column) {
        return "CASE " + column + " WHEN 'critical' THEN 5 WHEN 'high' THEN 4 WHEN 'medium' THEN 3 WHEN 'low' THEN 2"
                + " WHEN 'info' THEN 1 ELSE 0 END";
    }

    /**
     * The monitor's event log, hundreds of thousands of rows at fleet size: every filter and the indexed sorts (event,
     * time, severity) are index ranges (migration 19.5), the search matches the start of the subject's name or of the
     * advisory id (lower-case key columns), and the count stops after {@link #EVENTS_COUNTED} rows past the page.
     *
     * @param clock "since" is relative to now
     */
    public static ListSpec events(Clock clock) {
        return new ListSpec("events", "Monitor events", "fleet_event e",
                List.of(ListColumn.number("id", "event", "e.id").notNullable(),
                        ListColumn.time("at", "at", "e.at").notNullable(),
                        ListColumn.text("kind", "event type", "e.kind"),
                        ListColumn.text("subject_kind", "host or release", "e.subject_kind"),
                        ListColumn.text("subject", "name", "e.subject_name"),
                        ListColumn.text("environment", "environment", "e.environment"),
                        ListColumn.text("advisory", "advisory", "e.advisory").linked("/advisories/", "advisory"),
                        ListColumn.severity("severity", "severity", "e.severity_rank").notNullable(),
                        ListColumn.text("component", "component", "e.component"),
                        ListColumn.text("fixed_in", "fixed in", "e.fixed_in")),
                List.of(ListFilter.equalTo("environment", "environment", "e.environment"),
                        ListFilter.choice("kind", "event type", List.of("exposed", "resolved", "changed"),
                                v -> new Condition("e.kind = ?", List.of(v))),
                        ListFilter.choice("subject", "host or release", List.of("host", "release"),
                                v -> new Condition("e.subject_kind = ?", List.of(v))),
                        ListFilter.choice("severity", "at least", List.of("low", "medium", "high", "critical"),
                                v -> new Condition("e.severity_rank >= ?", List.of(AT_LEAST.get(v)))),
                        new ListFilter("since", "in the last", List.of(), null,
                                v -> new Condition("e.at >= ?", List.of(clock.instant().minus(Ages.parse(v)))))),
                SEARCH, "id", true, "e.id", true, EVENTS_COUNTED);
    }

    public static ListSpec releases() {
        String exposures = " FROM fleet_exposure x WHERE x.subject_kind = 'release' AND x.subject_id = r.id";
        String worst = "(SELECT MAX(" + rank("x.severity") + ")" + exposures + ")";
        return new ListSpec("releases", "Releases", "fleet_release r",
                List.of(ListColumn.text("release", "release", "r.name"),
                        ListColumn.text("version", "version", "r.version"),
                        ListColumn.text("environment", "environment", "r.environment"),
                        ListColumn.time("promoted", "promoted", "r.promoted_at"),
                        ListColumn.number("components", "components", "r.component_count"),
                        ListColumn.number("exposures", "known advisories", "(SELECT COUNT(*)" + exposures + ")"),
                        ListColumn.severity("severity", "highest severity", worst),
                        ListColumn.text("advisories", "advisories",
                                "(SELECT STRING_AGG(x.advisory, ', ' ORDER BY x.advisory)" + exposures + ")")),
                List.of(ListFilter.equalTo("environment", "environment", "r.environment"),
                        ListFilter.choice("exposed", "exposed", List.of("any", "high", "critical"),
                                v -> new Condition("COALESCE(" + worst + ", 0) >= ?",
                                        List.of(v.equals("any") ? 1 : AT_LEAST.get(v))))),
                List.of("r.name", "r.version"), "promoted", true, "r.id DESC");
    }

    /** File-change alerts of integrity watch agents; open ones unless {@code state} says otherwise. */
    public static ListSpec alerts() {
        return new ListSpec("alerts", "File-change alerts", "fleet_file_alert a",
                List.of(ListColumn.number("id", "alert", "a.id"),
                        ListColumn.time("detected", "detected", "a.detected_at"),
                        ListColumn.text("host", "host", "a.host").linked("/alerts/", "host"),
                        ListColumn.text("path", "path", "a.path"),
                        ListColumn.text("change", "change", "a.change_kind"),
                        ListColumn.severity("severity", "severity", rank("LOWER(a.severity)")),
                        ListColumn.text("rule", "rule", "a.rule_id"),
                        ListColumn.text("state", "state", "a.state"),
                        ListColumn.text("message", "message", "a.message")),
                List.of(ListFilter.equalTo("host", "host", "a.host"),
                        // an alert names its host; the host's environment is the one its last report gave
                        new ListFilter("environment", "environment", List.of(), null, v -> new Condition(
                                "a.host IN (SELECT h.name FROM fleet_host h WHERE h.environment = ?)", List.of(v))),
                        new ListFilter("state", "state", List.of("open", "resolved", "replaced"), "open",
                                v -> new Condition("a.state = ?", List.of(v))),
                        ListFilter.choice("severity", "at least", List.of("low", "medium", "high", "critical"),
                                v -> new Condition(rank("LOWER(a.severity)") + " >= ?", List.of(AT_LEAST.get(v))))),
                List.of("a.host", "a.path", "a.rule_id"), "detected", true, "a.id DESC");
    }
}
