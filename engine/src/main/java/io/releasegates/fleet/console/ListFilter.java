package io.releasegates.fleet.console;

import java.util.List;
import java.util.function.Function;

/**
 * A filter of a list: a parameter name, the values it accepts, and the SQL condition a valid value turns into. The
 * condition is a constant with {@code ?} placeholders; the value is bound. A value the filter does not accept is
 * refused with a message naming the parameter (the server answers 400).
 *
 * @param choices    the accepted values; empty: any text up to 200 characters that {@code condition} accepts
 * @param whenAbsent the value used when the parameter is not given; null: no condition then
 * @param condition  the SQL condition and its parameters for a value; throws IllegalArgumentException to refuse it
 */
public record ListFilter(String name, String label, List<String> choices, String whenAbsent,
                         Function<String, Condition> condition) {
    public ListFilter {
        choices = List.copyOf(choices);
    }

    /** A WHERE condition of constant SQL and the values bound to its placeholders. */
    public record Condition(String sql, List<Object> params) {
        public Condition {
            params = List.copyOf(params);
        }
    }

    /** A filter with a fixed set of values, each mapped to its own constant condition. */
    public static ListFilter choice(String name, String label, List<String> choices, Function<String, Condition> condition) {
        return new ListFilter(name, label, choices, null, condition);
    }

    /** Equality with a bound value: {@code column = ?}. */
    public static ListFilter equalTo(String name, String label, String column) {
        return new ListFilter(name, label, List.of(), null, v -> new Condition(column + " = ?", List.of(v)));
    }

    Condition apply(String value) {
        if (!choices.isEmpty() && !choices.contains(value)) {
            throw new IllegalArgumentException(name + "=" + value + ": not one of " + String.join(", ", choices));
        }
        if (value.length() > 200) {
            throw new IllegalArgumentException(name + ": longer than 200 characters");
        }
        try {
            return condition.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
