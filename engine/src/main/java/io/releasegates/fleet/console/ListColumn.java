package io.releasegates.fleet.console;

/**
 * One column of a server-side list: its name in URLs ({@code sort=NAME}), CSV headers and JSON, its label, and the SQL
 * expression it reads. The expression is a constant of the list's spec: a sort parameter only ever picks one of
 * these by name, so no text from a request reaches the SQL.
 *
 * @param notNull the expression is never null: the ORDER BY leaves out {@code NULLS LAST}, which PostgreSQL
 *                cannot serve from a plain index in descending order (it sorted every row instead)
 * @param link when not null, the HTML cell links to {@code base + link + encoded value of linkColumn}
 */
public record ListColumn(String name, String label, String sql, Kind kind, boolean sortable, String link,
                         String linkColumn, boolean notNull) {
    /** How a value is shown: TEXT as is, NUMBER right-aligned, SEVERITY from the stored rank, TIME as an instant. */
    public enum Kind { TEXT, NUMBER, SEVERITY, TIME, HIDDEN }

    public static ListColumn text(String name, String label, String sql) {
        return new ListColumn(name, label, sql, Kind.TEXT, true, null, null, false);
    }

    public static ListColumn number(String name, String label, String sql) {
        return new ListColumn(name, label, sql, Kind.NUMBER, true, null, null, false);
    }

    public static ListColumn severity(String name, String label, String sql) {
        return new ListColumn(name, label, sql, Kind.SEVERITY, true, null, null, false);
    }

    public static ListColumn time(String name, String label, String sql) {
        return new ListColumn(name, label, sql, Kind.TIME, true, null, null, false);
    }

    /** Read for links and the JSON, not shown as a column of its own. */
    public static ListColumn hidden(String name, String sql) {
        return new ListColumn(name, name, sql, Kind.HIDDEN, false, null, null, false);
    }

    public ListColumn linked(String prefix, String keyColumn) {
        return new ListColumn(name, label, sql, kind, sortable, prefix, keyColumn, notNull);
    }

    /** The expression is never null (a NOT NULL column): its sort can be read from an index in either direction. */
    public ListColumn notNullable() {
        return new ListColumn(name, label, sql, kind, sortable, link, linkColumn, true);
    }
}
