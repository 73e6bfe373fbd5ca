package io.releasegates.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * Turns the single-field forms of a CI step into what the CLI's repeatable options give the engine. Jenkins' snippet
 * generator has no widget for a list of strings, so a list of globs arrives as one text.
 */
public final class StepParameters {
    private StepParameters() {
    }

    /** Globs separated by commas or line breaks; blanks dropped; null or blank gives an empty list. */
    public static List<String> globs(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\r\\n]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
