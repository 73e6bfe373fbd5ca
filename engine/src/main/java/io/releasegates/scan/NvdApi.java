package io.releasegates.scan;

import io.releasegates.report.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The NVD API 2.0 endpoint Dependency-Check downloads from ({@code nvd.api.endpoint}), and the masking of the API key in
 * anything we print. Organisations run mirrors and proxies of the API; {@code --nvd-api-url} points the update there.
 */
public final class NvdApi {
    /** Dependency-Check's (its NVD client's) default endpoint. */
    public static final String DEFAULT_ENDPOINT = "https://services.nvd.nist.gov/rest/json/cves/2.0";
    /** The CVE API path of NVD API 2.0, appended to a URL given without a path. */
    public static final String CVE_PATH = "/rest/json/cves/2.0";
    private static final String MASK = "*****";
    /** Key fragments this short are not masked on their own: they would blank out ordinary words. */
    private static final int MIN_FRAGMENT = 5;

    private NvdApi() {
    }

    /**
     * The CVE API endpoint for {@code url}: an http(s) URL with a host; a URL without a path (a mirror's base URL)
     * gets {@link #CVE_PATH}. Anything else is a {@link BadInputException} naming {@code option}.
     */
    public static String endpoint(String url, String option) {
        String text = url == null ? "" : url.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadInputException(option + " '" + text + "': not a URL (" + e.getReason() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadInputException(option + " '" + text + "': not an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new BadInputException(option + " '" + text + "': no host");
        }
        if (uri.getRawUserInfo() != null) {
            // it would end up in error messages and logs; a proxy needing credentials is not supported
            throw new BadInputException(option + ": credentials in the URL are not supported");
        }
        if (uri.getRawFragment() != null) {
            throw new BadInputException(option + " '" + text + "': a URL fragment (#…) is not allowed");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.isEmpty() || path.equals("/")) {
            return uri.getScheme() + "://" + uri.getRawAuthority() + CVE_PATH
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        return text;
    }

    /**
     * {@code text} with the API key, and any longer prefix or suffix of it (Dependency-Check's client puts the first
     * and last five characters of a rejected key into its error), replaced by {@code *****}.
     */
    public static String mask(String text, String key) {
        if (text == null || key == null || key.length() < MIN_FRAGMENT) {
            return text;
        }
        String out = text.replace(key, MASK);
        for (int n = key.length() - 1; n >= MIN_FRAGMENT; n--) {
            out = out.replace(key.substring(0, n), MASK).replace(key.substring(key.length() - n), MASK);
        }
        return out;
    }

    /** Whether {@code text} holds the key or a prefix/suffix fragment {@link #mask} would hide. */
    static boolean reveals(String text, String key) {
        return text != null && key != null && !mask(text, key).equals(text);
    }
}
