package io.releasegates.fleet.store;

/**
 * How a store URL is shown in messages and logs: a password that came in the URL ({@code password=} parameter or
 * {@code user:password@}) is never printed. Its own class so that {@link FleetStores} and {@link H2Files}, which both
 * name the URL in their errors, need not call each other for it.
 */
final class JdbcUrls {
    private JdbcUrls() {
    }

    /** Never print a password that came in the URL. */
    static String mask(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^@/]*@", "//$1:***@");
    }
}
