package io.releasegates.fleet.console;

import java.time.Instant;
import java.util.List;

/** One page of a list: the validated query, the number of matching rows and this page's rows (spec column order). */
public record ListResult(ListQuery query, long total, List<Object[]> rows, Instant refreshedAt) {
    public ListResult {
        rows = List.copyOf(rows);
    }

    public int pages() {
        return (int) Math.max(1, (total + query.size() - 1) / query.size());
    }
}
