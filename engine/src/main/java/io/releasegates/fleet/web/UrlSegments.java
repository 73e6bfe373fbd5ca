package io.releasegates.fleet.web;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for one URL path segment or query value, shared by every page that links to another, and its inverse for
 * the routes (its own class so that the pager and the pages it is drawn on, and the dashboard and the console routes
 * it delegates to, need not depend on each other).
 */
final class UrlSegments {
    private UrlSegments() {
    }

    /**
     * A space becomes %20, not URLEncoder's '+': the dashboard reads '+' as itself, since purls contain it, so a host
     * named "web 1" would otherwise link to "web+1".
     */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One path segment from a request: '+' is a literal in purls' path form, so only %XX escapes are decoded. */
    static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
