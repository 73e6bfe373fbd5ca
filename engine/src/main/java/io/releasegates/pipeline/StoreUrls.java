package io.releasegates.pipeline;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Adds a user and password kept in a secret store (Jenkins credentials) to a fleet-store JDBC URL at the moment the
 * store is opened, so that neither is ever part of a saved configuration. The fleet store masks {@code password=} in
 * every message it prints.
 */
public final class StoreUrls {
    private StoreUrls() {
    }

    /** The URL with {@code user} and {@code password} as the driver reads them; unchanged when {@code user} is null. */
    public static String withCredentials(String url, String user, String password) {
        if (url == null || user == null) {
            return url;
        }
        String pw = password == null ? "" : password;
        if (url.startsWith("jdbc:postgresql:")) {
            // PgJDBC decodes query parameters, so any character of a password survives
            return url + (url.contains("?") ? "&" : "?") + "user=" + encode(user) + "&password=" + encode(pw);
        }
        if (url.startsWith("jdbc:h2:")) {
            if (user.contains(";") || pw.contains(";")) {
                throw new IllegalArgumentException("an H2 user or password cannot contain ';'");
            }
            return url + ";USER=" + user + ";PASSWORD=" + pw;
        }
        throw new IllegalArgumentException("credentials apply to jdbc:postgresql: and jdbc:h2: store URLs only");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
