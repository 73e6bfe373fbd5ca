package io.releasegates.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.duration.Ages;

/**
 * The type of one step option in the check config. Each step declares its options ({@link Step#options()}); the
 * reader refuses unknown keys and values of the wrong type, because a silently dropped option (say, a scan's
 * advisory source given as a list) would make a check pass that should have looked further.
 */
enum StepOption {
    /** A file or folder, relative to the config file: a non-empty string. */
    PATH("a path (a string)"),
    /** A plain value: a string (a YAML number is taken as written). */
    TEXT("a string"),
    /** {@code true} or {@code false}. */
    FLAG("true or false"),
    /** A duration such as {@code 7d} or {@code PT24H} (the policy's grammar, {@link Ages}). */
    DURATION("a duration such as 24h, 7d or PT24H"),
    /** One string or a list of strings. */
    STRINGS("a string or a list of strings");

    private final String expected;

    StepOption(String expected) {
        this.expected = expected;
    }

    /** Null when {@code value} fits, else a short reason naming what was expected. */
    String problem(JsonNode value) {
        boolean ok = switch (this) {
            case PATH -> value.isTextual() && !value.asText().isBlank();
            case TEXT -> (value.isTextual() && !value.asText().isBlank()) || value.isNumber();
            case FLAG -> value.isBoolean();
            case DURATION -> value.isTextual() && parses(value.asText());
            case STRINGS -> value.isTextual() || (value.isArray() && allText(value));
        };
        return ok ? null : "expected " + expected + ", got " + describe(value);
    }

    private static boolean parses(String text) {
        try {
            Ages.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonNode v) {
        if (v.isNull()) {
            return "no value";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isTextual()) {
            return "'" + (v.asText().length() > 40 ? v.asText().substring(0, 40) + "..." : v.asText()) + "'";
        }
        return v.toString();
    }
}
