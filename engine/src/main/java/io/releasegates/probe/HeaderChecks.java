package io.releasegates.probe;

import io.releasegates.report.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Response headers of one page: the security headers a browser enforces (judged once per origin on its first HTML
 * page, as one missing header site-wide is one problem), the CORS answer to a foreign Origin, and each cookie's
 * attributes (once per cookie name).
 */
final class HeaderChecks {
    /** The Origin the CORS check sends: a reserved name (RFC 2606) that no real site uses. */
    static final String FOREIGN_ORIGIN = "https://cors-check.release-gates.invalid";

    private HeaderChecks() {
    }

    static List<Finding> securityHeaders(Fetcher.Page page, String origin) {
        List<Finding> out = new ArrayList<>();
        String at = page.uri().toString();
        boolean https = "https".equalsIgnoreCase(page.uri().getScheme());
        if (https && page.header("strict-transport-security") == null) {
            out.add(ProbeRule.HSTS_MISSING.finding().subject(origin).location(at)
                    .message("HTTPS page without Strict-Transport-Security: a first plain-HTTP visit can be intercepted").build());
        }
        String csp = page.header("content-security-policy");
        if (csp == null) {
            out.add(ProbeRule.CSP_MISSING.finding().subject(origin).location(at)
                    .message("no Content-Security-Policy header" + (page.header("content-security-policy-report-only") != null
                            ? " (only a Report-Only one, which enforces nothing)" : "")).build());
        }
        String nosniff = page.header("x-content-type-options");
        if (nosniff == null || !nosniff.trim().equalsIgnoreCase("nosniff")) {
            out.add(ProbeRule.CONTENT_TYPE_OPTIONS_MISSING.finding().subject(origin).location(at)
                    .message(nosniff == null ? "no X-Content-Type-Options header" : "X-Content-Type-Options is '" + nosniff + "', not nosniff")
                    .build());
        }
        String xfo = page.header("x-frame-options");
        boolean xfoOk = xfo != null && Set.of("deny", "sameorigin").contains(xfo.trim().toLowerCase(Locale.ROOT));
        boolean ancestors = csp != null && csp.toLowerCase(Locale.ROOT).contains("frame-ancestors");
        if (!xfoOk && !ancestors) {
            out.add(ProbeRule.FRAMING_UNRESTRICTED.finding().subject(origin).location(at)
                    .message("neither X-Frame-Options (DENY/SAMEORIGIN) nor CSP frame-ancestors: the page can be framed (clickjacking)")
                    .build());
        }
        if (page.header("referrer-policy") == null) {
            out.add(ProbeRule.REFERRER_POLICY_MISSING.finding().subject(origin).location(at)
                    .message("no Referrer-Policy header: full URLs may leak to other sites").build());
        }
        return out;
    }

    /** The answer to a GET that carried {@link #FOREIGN_ORIGIN}. */
    static List<Finding> cors(Fetcher.Page page, String origin) {
        String allowed = page.header("access-control-allow-origin");
        if (allowed == null) {
            return List.of();
        }
        boolean credentials = "true".equalsIgnoreCase(String.valueOf(page.header("access-control-allow-credentials")).trim());
        String at = page.uri().toString();
        allowed = allowed.trim();
        if (allowed.equals(FOREIGN_ORIGIN)) {
            return List.of((credentials ? ProbeRule.CORS_ANY_ORIGIN_CREDENTIALS : ProbeRule.CORS_REFLECTED_ORIGIN).finding()
                    .subject(origin).location(at)
                    .message("Access-Control-Allow-Origin echoes a foreign Origin (" + FOREIGN_ORIGIN + ")"
                            + (credentials ? " with Access-Control-Allow-Credentials: true: any site can read responses with the user's cookies" : ""))
                    .property("allowOrigin", allowed).property("allowCredentials", credentials).build());
        }
        if (allowed.equals("*") && credentials) {
            return List.of(ProbeRule.CORS_ANY_ORIGIN_CREDENTIALS.finding().subject(origin).location(at)
                    .message("Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true")
                    .property("allowOrigin", allowed).property("allowCredentials", true).build());
        }
        return List.of();
    }

    /** Each cookie of the page not seen before on this origin ({@code seen} collects the names). */
    static List<Finding> cookies(Fetcher.Page page, String origin, Set<String> seen) {
        List<Finding> out = new ArrayList<>();
        boolean https = "https".equalsIgnoreCase(page.uri().getScheme());
        String at = page.uri().toString();
        for (String header : page.all("set-cookie")) {
            String[] parts = header.split(";");
            int eq = parts[0].indexOf('=');
            String name = (eq < 0 ? parts[0] : parts[0].substring(0, eq)).trim();
            if (name.isEmpty() || !seen.add(name)) {
                continue;
            }
            boolean secure = false;
            boolean httpOnly = false;
            boolean sameSite = false;
            for (int i = 1; i < parts.length; i++) {
                String attr = parts[i].trim().toLowerCase(Locale.ROOT);
                secure |= attr.equals("secure");
                httpOnly |= attr.equals("httponly");
                sameSite |= attr.startsWith("samesite=");
            }
            if (https && !secure) {
                out.add(cookie(ProbeRule.COOKIE_NOT_SECURE, name, origin, at, "is sent over plain HTTP too (no Secure)"));
            }
            if (!httpOnly) {
                out.add(cookie(ProbeRule.COOKIE_NOT_HTTPONLY, name, origin, at, "is readable by scripts (no HttpOnly)"));
            }
            if (!sameSite) {
                out.add(cookie(ProbeRule.COOKIE_NO_SAMESITE, name, origin, at, "has no SameSite attribute"));
            }
        }
        return out;
    }

    private static Finding cookie(ProbeRule rule, String name, String origin, String at, String what) {
        // the cookie's name only: its value may be a session
        return rule.finding().subject(origin).location(at).message("cookie '" + name + "' " + what).property("cookie", name).build();
    }
}
