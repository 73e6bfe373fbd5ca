package io.releasegates.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The list parameters on their own: validation, the SQL they may and may not reach, and the stable URL of a view. */
class ListQueryTest {
    static final ListSpec HOSTS = ConsoleLists.hosts(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));

    static Map<String, String> params(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    @Test
    void shouldNeverPutRequestTextIntoTheSql() {
        String hostile = "x') OR 1=1 --";
        ListQuery q = ListQuery.parse(HOSTS, params("q", hostile, "environment", hostile, "role", "db", "stale", "7d"));
        ListQuery.Sql sql = q.sql();

        assertThat(sql.rows()).doesNotContain("OR 1=1").doesNotContain("7d").doesNotContain("db");
        assertThat(sql.count()).doesNotContain("OR 1=1");
        assertThat(sql.rowParams()).contains(hostile, "db", Instant.parse("2026-11-29T12:00:00Z"), "%x') or 1=1 --%");
        assertThat(sql.rows()).contains("ORDER BY h.name ASC NULLS LAST, h.id LIMIT ? OFFSET ?");
    }

    @Test
    void shouldSearchForWildcardsAsText() {
        ListQuery q = ListQuery.parse(HOSTS, params("q", "50%_off\\"));

        assertThat(q.sql().countParams()).containsExactly("%50\\%\\_off\\\\%");
    }

    @Test
    void shouldSearchTheEventsKeysWithOneLikeEachOrOneIndexRangePerQuery() {
        ListSpec events = MonitorLists.events(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
        ListQuery q = ListQuery.parse(events, params("q", "Host-9", "environment", "production", "page", "3"));

        // PostgreSQL's query: the two keys' LIKEs ORed
        assertThat(q.sql().rows()).contains("(e.subject_key LIKE ? ESCAPE '\\' OR e.advisory_key LIKE ? ESCAPE '\\')");
        assertThat(q.sql().countParams()).containsExactly("production", "host-9%", "host-9%", 10_101L);
        // H2's: one range per key, the second without the first's rows, then the page cut from their union
        ListQuery.Sql ranges = q.keyRanges().orElseThrow();
        assertThat(ranges.rows()).contains(" UNION ALL ").doesNotContain(" OR ").doesNotContain("LIKE")
                .contains("(e.advisory_key >= ? AND e.advisory_key < ?) AND (e.subject_key >= ? AND e.subject_key < ?) IS NOT TRUE)")
                .endsWith(") found ORDER BY c0 DESC, tie DESC LIMIT ? OFFSET ?");
        // no LIMIT inside the union: H2 reused a union's last result when only such a limit had changed
        assertThat(ranges.rows().split("LIMIT", -1)).hasSize(2);
        assertThat(ranges.rowParams()).containsExactly("production", "host-9", "host-:",
                "production", "host-9", "host-:", "host-9", "host-:", 50, 100L);
        assertThat(ranges.count()).startsWith("SELECT LEAST(").doesNotContain(" OR ");
        assertThat(ranges.countParams()).containsExactly("production", "host-9", "host-:", 10_101L,
                "production", "host-9", "host-:", "host-9", "host-:", 10_101L, 10_101L);
        // LIKE's wildcards are plain text in a range
        assertThat(ListQuery.parse(events, params("q", "50%_OFF")).keyRanges().orElseThrow().countParams())
                .startsWith("50%_off", "50%_ofg");
        assertThat(ListQuery.parse(events, params()).keyRanges()).as("no search").isEmpty();
        assertThat(ListQuery.parse(HOSTS, params("q", "web")).keyRanges()).as("a substring search").isEmpty();
    }

    @Test
    void shouldBoundAPrefixRangeByTheLeastStringAfterEveryKeyStartingWithIt() {
        assertThat(ListQuery.successor("host-99")).isEqualTo("host-9:");
        assertThat(ListQuery.successor("a")).isEqualTo("b");
        // U+FFFF has no higher unit: the range ends after the unit before it, or nowhere
        assertThat(ListQuery.successor("ab\uffff\uffff")).isEqualTo("ac");
        assertThat(ListQuery.successor("\uffff")).isNull();
        String prefix = "web\uffff";
        for (String key : new String[] {"web\uffff", "web\uffffa", "web\uffff\uffff"}) {
            assertThat(key.compareTo(prefix)).isGreaterThanOrEqualTo(0);
            assertThat(key.compareTo(ListQuery.successor(prefix))).as(key).isNegative();
        }
        assertThat("wec".compareTo(ListQuery.successor(prefix))).isZero();
        assertThat(ListQuery.parse(MonitorLists.events(Clock.systemUTC()), params("q", "\uffff")).keyRanges().orElseThrow()
                .count()).contains("(e.subject_key >= ?)").doesNotContain("e.subject_key < ?");
    }

    @Test
    void shouldRefuseWhatTheSpecDoesNotKnowNamingTheParameter() {
        assertThatThrownBy(() -> ListQuery.parse(HOSTS, params("sort", "h.name"))).hasMessageStartingWith("unknown sort column 'h.name'")
                .hasMessageContaining("one of: host, environment");
        assertThatThrownBy(() -> ListQuery.parse(HOSTS, params("sort", "scan_status"))).hasMessageContaining("unknown sort column");
        assertThatThrownBy(() -> ListQuery.parse(HOSTS, params("colour", "red"))).hasMessageStartingWith("unknown parameter 'colour'");
        assertThatThrownBy(() -> ListQuery.parse(HOSTS, params("dir", "up"))).hasMessage("dir=up: asc or desc");
        assertThatThrownBy(() -> ListQuery.parse(HOSTS, params("page", "0"))).hasMessage("page=0: between 1 and 1000000");
        assertThatThrownBy(() -> ListQuery.parse(HOSTS, params("size", "9999999999"))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ListQuery.parse(HOSTS, params("vulnerable", "some"))).hasMessageStartingWith("vulnerable=some: not one of");
        assertThatThrownBy(() -> ListQuery.parse(HOSTS, params("stale", "soon"))).hasMessageStartingWith("stale: not a duration 'soon'");
    }

    @Test
    void shouldGiveEveryViewOneStableUrlWithDefaultsLeftOut() {
        ListQuery a = ListQuery.parse(HOSTS, params("page", "3", "role", "db", "environment", "prod west", "sort", "host"));
        ListQuery b = ListQuery.parse(HOSTS, params("environment", "prod west", "size", "50", "role", "db", "dir", "asc",
                "page", "3"));

        assertThat(a.queryString()).isEqualTo(b.queryString()).isEqualTo("?environment=prod%20west&role=db&page=3");
        assertThat(a.queryString(Map.of("page", "4"))).isEqualTo("?environment=prod%20west&role=db&page=4");
        assertThat(a.queryStringWithout("page")).isEqualTo("?environment=prod%20west&role=db");
        assertThat(ListQuery.parse(HOSTS, params("sort", "packages")).queryString()).isEqualTo("?sort=packages&dir=desc");
    }
}
