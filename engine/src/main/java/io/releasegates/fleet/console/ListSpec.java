package io.releasegates.fleet.console;

import java.util.List;
import java.util.Optional;

/**
 * A server-side list: what it reads ({@code from}, constant SQL with its joins), its columns, filters and searchable
 * expressions, the default order and a unique tie-breaker that keeps paging stable when sort values repeat. The
 * events and alerts lists of other console panels are meant to be specs like these over their own tables.
 *
 * @param name        the list's name in URLs: {@code /NAME}, {@code /api/list/NAME}, {@code /export/list/NAME.csv}
 * @param search      SQL expressions matched with {@code LOWER(expr) LIKE '%q%'} against {@code q}; with
 *                    {@code prefixSearch}, lower-case key columns with an index each, matched (ORed) with
 *                    {@code key LIKE 'q%'} (q in lower case, LIKE wildcards escaped) or, on H2, as key ranges
 *                    ({@link ListQuery#keyRanges})
 * @param tieBreak    constant ORDER BY tail that makes the order total (a primary key); a bounded list's
 *                    ({@code countUpTo > 0}) is a bare column that takes the sort's direction
 * @param countUpTo   0: the list counts its filtered view exactly; N: it counts at most N rows beyond the current
 *                    page's start (a list of hundreds of thousands of rows, where an exact count reads them all)
 */
public record ListSpec(String name, String title, String from, List<ListColumn> columns, List<ListFilter> filters,
                       List<String> search, String defaultSort, boolean defaultDescending, String tieBreak,
                       boolean prefixSearch, int countUpTo) {
    public ListSpec {
        columns = List.copyOf(columns);
        filters = List.copyOf(filters);
        search = List.copyOf(search);
        if (countUpTo < 0) {
            throw new IllegalArgumentException("countUpTo: " + countUpTo);
        }
    }

    /** A list with an exact count and a substring search. */
    public ListSpec(String name, String title, String from, List<ListColumn> columns, List<ListFilter> filters,
                    List<String> search, String defaultSort, boolean defaultDescending, String tieBreak) {
        this(name, title, from, columns, filters, search, defaultSort, defaultDescending, tieBreak, false, 0);
    }

    public Optional<ListColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<ListFilter> filter(String name) {
        return filters.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + ": no column " + column);
    }
}
