package io.releasegates.fleet.console;

import java.time.Instant;
import java.util.List;

/**
 * One page of a list: the validated query, the number of matching rows and this page's rows (spec column order).
 *
 * @param more true when the list counted only up to its bound ({@link ListSpec#countUpTo}) and more rows match:
 *             {@code total} is then a lower bound ("more than N")
 */
public record ListResult(ListQuery query, long total, boolean more, List<Object[]> rows, Instant refreshedAt) {
    public ListResult {
        rows = List.copyOf(rows);
    }

    public ListResult(ListQuery query, long total, List<Object[]> rows, Instant refreshedAt) {
        this(query, total, false, rows, refreshedAt);
    }

    /** The pages counted so far: with {@code more}, the last page counted (there are pages after it). */
    public int pages() {
        return (int) Math.max(1, (total + query.size() - 1) / query.size());
    }
}
