package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.console.ListQuery;
import io.releasegates.fleet.console.ListSpec;
import io.releasegates.fleet.console.MonitorLists;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class H2ConsoleMonitorListsTest extends ConsoleMonitorListsContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-console-monitor-h2").resolve("fleet").toString();
    }

    /**
     * H2 reads a search over its key ranges (ListQuery.keyRanges) and answers a statement it ran before on the same
     * connection from that run's result when it thinks nothing changed: with a {@code LIMIT ?} inside the union's
     * branches, page 3 came back empty after page 1 in a stand-alone run over this store (docs/performance.md, run 5).
     * Each page here is the same statement again with other bounds, compared with the ORed query of every backend.
     * (This test did not reproduce that reuse inside the test JVM; it checks the paging of the ranges' statement.)
     */
    @Test
    void shouldReadThePageAskedForWhenTheSameKeyRangeStatementRanForAnotherPage() {
        List<MonitorStore.Exposure> exposures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            MonitorStore.Subject s = new MonitorStore.Subject(MonitorStore.Subject.HOST, i % 20 + 1, "host-" + i % 20, "production");
            exposures.add(exposure(s, "CVE-" + i, "high"));
        }
        store.monitor().recordPass(new MonitorStore.PassInput(clock.instant(), clock.instant(), "data-1", "data 1",
                clock.instant(), 20), exposures);
        ListSpec events = MonitorLists.events(clock);
        ConsoleTables tables = store.console();
        assertThat(tables.ordersByCodeUnit()).isTrue();
        ListQuery whole = ListQuery.parse(events, Map.of("q", "HOST-1", "size", "500"));
        List<Long> all = ids(tables, whole.sql());
        // host-1 and host-10 .. host-19, two events each
        assertThat(all).as("newest first").hasSize(22).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ids(tables, whole.keyRanges().orElseThrow())).containsExactlyElementsOf(all);
        // four pages a walk, three walks: the pool's connections (up to 8, taken in turn) each see other pages
        for (int walk = 0; walk < 3; walk++) {
            List<Long> walked = new ArrayList<>();
            for (int p = 1; p <= 4; p++) {
                ListQuery page = ListQuery.parse(events, Map.of("q", "host-1", "size", "7", "page", Integer.toString(p)));
                walked.addAll(ids(tables, page.keyRanges().orElseThrow()));
            }
            assertThat(walked).as("walk " + walk).containsExactlyElementsOf(all);
        }
    }

    private static List<Long> ids(ConsoleTables tables, ListQuery.Sql sql) {
        List<Long> out = new ArrayList<>();
        tables.select(sql.rows(), sql.rowParams(), 1).forEach(r -> out.add(((Number) r[0]).longValue()));
        return out;
    }
}
