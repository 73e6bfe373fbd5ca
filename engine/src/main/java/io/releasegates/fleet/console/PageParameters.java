package io.releasegates.fleet.console;

import java.util.Map;

/**
 * The one parser of the page parameters every paged view takes ({@code page}, {@code size}): the lists
 * ({@link ListQuery}), the advisory page ({@link Advisories}) and the web's detail pages ({@code fleet.web.DetailPager}).
 * A value that is not a whole number in range is an {@link IllegalArgumentException} naming the parameter (the
 * server answers 400); a missing or blank one takes the default.
 */
public final class PageParameters {
    public static final int MAX_PAGE = 1_000_000;

    private PageParameters() {
    }

    /** {@code page}: 1 to {@value #MAX_PAGE}, default 1. */
    public static int page(Map<String, String> params) {
        return number(params, "page", 1, MAX_PAGE, 1);
    }

    /** {@code size}: 1 to {@code max}, default {@code fallback}. */
    public static int size(Map<String, String> params, int fallback, int max) {
        return number(params, "size", 1, max, fallback);
    }

    private static int number(Map<String, String> params, String name, int min, int max, int fallback) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + "=" + v + ": between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + ": not a number", e);
        }
    }
}
