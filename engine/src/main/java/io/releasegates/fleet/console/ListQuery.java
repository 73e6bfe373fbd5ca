package io.releasegates.fleet.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One validated request for a list: page, page size, sort column and direction, search text and filter values. Every
 * parameter is checked against the spec: an unknown parameter, sort column, direction or filter value, a page or size
 * that is not a number in range, is an {@link IllegalArgumentException} naming the parameter (the server answers 400).
 * The canonical query string ({@link #queryString}) gives every filtered view one stable URL, shared by the HTML page,
 * the JSON API and the CSV export.
 */
public record ListQuery(ListSpec spec, int page, int size, String sort, boolean descending, String search,
                        Map<String, String> filters) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;
    private static final Set<String> GENERAL = Set.of("page", "size", "sort", "dir", "q");

    public ListQuery {
        filters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    /** @param params decoded query parameters; {@code environment} and the other filters as the spec names them */
    public static ListQuery parse(ListSpec spec, Map<String, String> params) {
        for (String key : params.keySet()) {
            if (!GENERAL.contains(key) && spec.filter(key).isEmpty()) {
                List<String> known = new ArrayList<>(List.of("page", "size", "sort", "dir", "q"));
                spec.filters().forEach(f -> known.add(f.name()));
                throw new IllegalArgumentException("unknown parameter '" + key + "' for " + spec.name() + " (known: "
                        + String.join(", ", known) + ")");
            }
        }
        int page = PageParameters.page(params);
        int size = PageParameters.size(params, DEFAULT_SIZE, MAX_SIZE);
        String sort = blank(params.get("sort")) ? spec.defaultSort() : params.get("sort");
        ListColumn column = spec.column(sort).filter(ListColumn::sortable).orElseThrow(() -> new IllegalArgumentException(
                "unknown sort column '" + sort + "' for " + spec.name() + " (one of: " + String.join(", ",
                        spec.columns().stream().filter(ListColumn::sortable).map(ListColumn::name).toList()) + ")"));
        String dir = params.get("dir");
        boolean descending;
        if (blank(dir)) {
            descending = sort.equals(spec.defaultSort()) ? spec.defaultDescending() : column.kind() != ListColumn.Kind.TEXT;
        } else if (dir.equals("asc") || dir.equals("desc")) {
            descending = dir.equals("desc");
        } else {
            throw new IllegalArgumentException("dir=" + dir + ": asc or desc");
        }
        String q = params.getOrDefault("q", "").strip();
        if (q.length() > 200) {
            throw new IllegalArgumentException("q: longer than 200 characters");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (ListFilter f : spec.filters()) {
            String v = params.get(f.name());
            if (!blank(v)) {
                f.apply(v.strip());
                filters.put(f.name(), v.strip());
            }
        }
        return new ListQuery(spec, page, size, sort, descending, q, filters);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The SQL of this page and of the total count: constant fragments of the spec, values as parameters. */
    public Sql sql() {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        filters(where, params);
        if (!search.isEmpty() && !spec.search().isEmpty()) {
            String escaped = search.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            // a prefix on a lower-case key column can be read from an index; a substring reads every row
            String like = spec.prefixSearch() ? escaped + "%" : "%" + escaped + "%";
            where.append(where.isEmpty() ? " WHERE " : " AND ").append('(');
            for (int i = 0; i < spec.search().size(); i++) {
                String expr = spec.search().get(i);
                where.append(i == 0 ? "" : " OR ").append(spec.prefixSearch() ? expr : "LOWER(" + expr + ")")
                        .append(" LIKE ? ESCAPE '\\'");
                params.add(like);
            }
            where.append(')');
        }
        String rows = select(false) + " FROM " + spec.from() + where + " ORDER BY " + order() + " LIMIT ? OFFSET ?";
        List<Object> rowParams = new ArrayList<>(params);
        rowParams.add(size);
        rowParams.add(offset());
        if (spec.countUpTo() == 0) {
            return new Sql(rows, rowParams, "SELECT COUNT(*) FROM " + spec.from() + where, params);
        }
        // bounded: at most countLimit() rows are read, however long the view
        List<Object> countParams = new ArrayList<>(params);
        countParams.add(countLimit());
        return new Sql(rows, rowParams, "SELECT COUNT(*) FROM (SELECT 1 AS one FROM " + spec.from() + where + " LIMIT ?) bounded",
                countParams);
    }

    /**
     * The same page and count for the prefix search of a bounded list, one query per key column, each reading one
     * range of that key's index: from the lower-case search text to its {@link #successor}, which holds exactly the
     * keys that start with the text where strings compare by their UTF-16 code units (H2, not PostgreSQL's collations:
     * {@code ConsoleTables.ordersByCodeUnit}). On H2, {@link #sql()}'s OR of two keys is one range to no planner, and a
     * {@code LIKE ?} with a bound pattern reads no index at all: it read every event (1.9 and 3.2 s at p95 over 452,782
     * events, docs/performance.md run 4). Branch i matches key i and none before it, so no row comes twice; the page
     * is cut from their union in the list's order. The branches have no {@code LIMIT ?} of their own: H2 2.3 answered
     * such a union, run again on the same connection with another page's limit, from the result of its last run (page
     * 3 after page 1 came back empty). The union holds every match, so these rows are for a search that matches at most
     * the bound (Console): where a short text matches most events, {@link #sql()}'s scan of the sort's index finds the
     * page sooner. The bounded count is the sum of each branch's bounded count, capped at the bound. Empty without a
     * search text, a prefix search or a bound.
     */
    public Optional<Sql> keyRanges() {
        if (search.isEmpty() || spec.search().isEmpty() || !spec.prefixSearch() || spec.countUpTo() == 0) {
            return Optional.empty();
        }
        String from = search.toLowerCase(Locale.ROOT);
        String to = successor(from);
        List<Object> range = to == null ? List.of(from) : List.of(from, to);
        StringBuilder where = new StringBuilder();
        List<Object> filterParams = new ArrayList<>();
        filters(where, filterParams);
        String select = select(true);
        String dir = descending ? " DESC" : " ASC";
        StringBuilder rows = new StringBuilder("SELECT ");
        for (int i = 0; i < spec.columns().size(); i++) {
            rows.append(i == 0 ? "" : ", ").append('c').append(i);
        }
        rows.append(" FROM (");
        List<Object> rowParams = new ArrayList<>();
        StringBuilder count = new StringBuilder("SELECT LEAST(");
        List<Object> countParams = new ArrayList<>();
        for (int i = 0; i < spec.search().size(); i++) {
            StringBuilder c = new StringBuilder(where.isEmpty() ? " WHERE " : where + " AND ");
            List<Object> p = new ArrayList<>(filterParams);
            c.append(range(spec.search().get(i), to));
            p.addAll(range);
            for (int before = 0; before < i; before++) {
                // IS NOT TRUE, not NOT: a key that is null matched no branch before either
                c.append(" AND ").append(range(spec.search().get(before), to)).append(" IS NOT TRUE");
                p.addAll(range);
            }
            rows.append(i == 0 ? "" : " UNION ALL ").append('(').append(select).append(" FROM ").append(spec.from())
                    .append(c).append(')');
            rowParams.addAll(p);
            count.append(i == 0 ? "" : " + ").append("(SELECT COUNT(*) FROM (SELECT 1 AS one FROM ").append(spec.from())
                    .append(c).append(" LIMIT ?) bounded").append(i).append(')');
            countParams.addAll(p);
            countParams.add(countLimit());
        }
        ListColumn sorted = spec.column(sort).orElseThrow();
        rows.append(") found ORDER BY c").append(spec.index(sort)).append(dir).append(sorted.notNull() ? ", " : " NULLS LAST, ")
                .append("tie").append(dir).append(" LIMIT ? OFFSET ?");
        rowParams.add(size);
        rowParams.add(offset());
        count.append(", ?)");
        countParams.add(countLimit());
        return Optional.of(new Sql(rows.toString(), rowParams, count.toString(), countParams));
    }

    /**
     * The least string greater than every string that starts with {@code prefix}, comparing UTF-16 code units: the
     * prefix with its last unit one higher, once trailing U+FFFF units (which have no higher unit) are dropped; null
     * when nothing is left (no upper bound).
     */
    static String successor(String prefix) {
        int end = prefix.length();
        while (end > 0 && prefix.charAt(end - 1) == Character.MAX_VALUE) {
            end--;
        }
        return end == 0 ? null : prefix.substring(0, end - 1) + (char) (prefix.charAt(end - 1) + 1);
    }

    private static String range(String key, String to) {
        return to == null ? "(" + key + " >= ?)" : "(" + key + " >= ? AND " + key + " < ?)";
    }

    /** The filters' conditions, each value a parameter. */
    private void filters(StringBuilder where, List<Object> params) {
        for (ListFilter f : spec.filters()) {
            String v = filters.getOrDefault(f.name(), f.whenAbsent());
            if (v == null) {
                continue;
            }
            ListFilter.Condition c = f.apply(v);
            where.append(where.isEmpty() ? " WHERE " : " AND ").append('(').append(c.sql()).append(')');
            params.addAll(c.params());
        }
    }

    /** The columns; named c0, c1 .. and the tie-breaker as tie for a union ordered outside its branches. */
    private String select(boolean named) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < spec.columns().size(); i++) {
            select.append(i == 0 ? "" : ", ").append(spec.columns().get(i).sql()).append(named ? " AS c" + i : "");
        }
        return named ? select.append(", ").append(spec.tieBreak()).append(" AS tie").toString() : select.toString();
    }

    private String order() {
        ListColumn sorted = spec.column(sort).orElseThrow();
        String dir = descending ? " DESC" : " ASC";
        // a bounded list breaks ties in the sort's direction: "severity ASC, id ASC" is one scan of a (severity, id)
        // index, where "severity ASC, id DESC" sorted every row of each severity
        return sorted.sql() + dir + (sorted.notNull() ? ", " : " NULLS LAST, ") + spec.tieBreak()
                + (spec.countUpTo() > 0 ? dir : "");
    }

    private long offset() {
        return (long) (page - 1) * size;
    }

    /**
     * How many rows a bounded count reads: the rows before this page plus the list's bound, and one more, which when
     * found says "more than that". Never bounded for a list that counts exactly (0).
     */
    public long countLimit() {
        return spec.countUpTo() == 0 ? Long.MAX_VALUE : (long) (page - 1) * size + spec.countUpTo() + 1;
    }

    /** The page's statement and the count's, each with its bound values. */
    public record Sql(String rows, List<Object> rowParams, String count, List<Object> countParams) {
        public Sql {
            rowParams = List.copyOf(rowParams);
            countParams = List.copyOf(countParams);
        }
    }

    /** The parameters that differ from the defaults, in a fixed order: the stable URL of this view. */
    public Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>(filters);
        if (!search.isEmpty()) {
            out.put("q", search);
        }
        if (!sort.equals(spec.defaultSort()) || descending != spec.defaultDescending()) {
            out.put("sort", sort);
            out.put("dir", descending ? "desc" : "asc");
        }
        if (size != DEFAULT_SIZE) {
            out.put("size", Integer.toString(size));
        }
        if (page != 1) {
            out.put("page", Integer.toString(page));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** {@code ?a=b&c=d} (or "") with these changes: a null value removes the parameter. */
    public String queryString(Map<String, String> changes) {
        Map<String, String> p = new LinkedHashMap<>(parameters());
        changes.forEach((k, v) -> {
            if (v == null) {
                p.remove(k);
            } else {
                p.put(k, v);
            }
        });
        StringBuilder b = new StringBuilder();
        p.forEach((k, v) -> b.append(b.isEmpty() ? '?' : '&').append(enc(k)).append('=').append(enc(v)));
        return b.toString();
    }

    /** The query string without these parameters (the export of a view has all its rows, not one page). */
    public String queryStringWithout(String... keys) {
        Map<String, String> changes = new java.util.HashMap<>();
        for (String k : keys) {
            changes.put(k, null);
        }
        return queryString(changes);
    }

    public String queryString() {
        return queryString(Map.of());
    }

    /** A space as %20, not '+': the dashboard reads '+' as itself in paths, and the same encoding serves both. */
    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
