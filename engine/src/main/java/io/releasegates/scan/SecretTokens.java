package io.releasegates.scan;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Secrets recognisable without a key name: vendor tokens by their documented prefixes, PEM private keys, passwords in
 * URLs and JDBC URLs. Each detector finds its literal anchor with {@link String#indexOf} and then reads a bounded
 * window around it, never a regular expression over the whole text, so the scan is linear in the input.
 */
final class SecretTokens {
    /** A secret at {@code offset}; {@code prefix} is the vendor's public prefix (shown in the masked hint), or "". */
    record Token(ScanRule rule, String kind, String key, String value, String prefix, int offset) {
    }

    /** A token format: literal prefix, allowed characters after it, length bounds of the part after the prefix. */
    private record Format(String prefix, boolean[] allowed, int min, int max, ScanRule rule, String kind) {
        static Format of(String prefix, String alphabet, int min, int max, ScanRule rule, String kind) {
            boolean[] allowed = new boolean[128];
            alphabet.chars().forEach(c -> allowed[c] = true);
            return new Format(prefix, allowed, min, max, rule, kind);
        }

        boolean allows(char c) {
            return c < 128 && allowed[c];
        }
    }

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String BASE64 = ALNUM + "+/=";
    private static final String URLSAFE = ALNUM + "_-";
    private static final List<Format> FORMATS = List.of(
            Format.of("AKIA", UPPER_DIGITS, 16, 16, ScanRule.SECRET_AWS_KEY, "AWS access key id"),
            Format.of("ASIA", UPPER_DIGITS, 16, 16, ScanRule.SECRET_AWS_KEY, "AWS access key id"),
            Format.of("ghp_", ALNUM, 36, 255, ScanRule.SECRET_TOKEN, "GitHub token"),
            Format.of("gho_", ALNUM, 36, 255, ScanRule.SECRET_TOKEN, "GitHub token"),
            Format.of("ghu_", ALNUM, 36, 255, ScanRule.SECRET_TOKEN, "GitHub token"),
            Format.of("ghs_", ALNUM, 36, 255, ScanRule.SECRET_TOKEN, "GitHub token"),
            Format.of("ghr_", ALNUM, 36, 255, ScanRule.SECRET_TOKEN, "GitHub token"),
            Format.of("github_pat_", ALNUM + "_", 60, 255, ScanRule.SECRET_TOKEN, "GitHub token"),
            Format.of("glpat-", URLSAFE, 20, 255, ScanRule.SECRET_TOKEN, "GitLab token"),
            Format.of("xoxb-", ALNUM + "-", 10, 255, ScanRule.SECRET_TOKEN, "Slack token"),
            Format.of("xoxp-", ALNUM + "-", 10, 255, ScanRule.SECRET_TOKEN, "Slack token"),
            Format.of("xoxa-", ALNUM + "-", 10, 255, ScanRule.SECRET_TOKEN, "Slack token"),
            Format.of("xoxr-", ALNUM + "-", 10, 255, ScanRule.SECRET_TOKEN, "Slack token"),
            Format.of("xoxs-", ALNUM + "-", 10, 255, ScanRule.SECRET_TOKEN, "Slack token"),
            Format.of("xapp-", ALNUM + "-", 10, 255, ScanRule.SECRET_TOKEN, "Slack token"),
            Format.of("hooks.slack.com/services/", ALNUM + "/", 20, 255, ScanRule.SECRET_TOKEN, "Slack webhook"),
            Format.of("sk_live_", ALNUM, 20, 255, ScanRule.SECRET_TOKEN, "Stripe key"),
            Format.of("rk_live_", ALNUM, 20, 255, ScanRule.SECRET_TOKEN, "Stripe key"),
            Format.of("whsec_", ALNUM, 24, 255, ScanRule.SECRET_TOKEN, "Stripe webhook secret"),
            Format.of("AIza", URLSAFE, 35, 35, ScanRule.SECRET_TOKEN, "Google API key"),
            Format.of("GOCSPX-", URLSAFE, 24, 64, ScanRule.SECRET_TOKEN, "Google OAuth client secret"),
            Format.of("npm_", ALNUM, 36, 36, ScanRule.SECRET_TOKEN, "npm token"),
            Format.of("AccountKey=", BASE64, 40, 255, ScanRule.SECRET_TOKEN, "Azure storage account key"),
            Format.of("SharedAccessKey=", BASE64, 40, 255, ScanRule.SECRET_TOKEN, "Azure shared access key"),
            Format.of("&sig=", BASE64 + "%", 30, 255, ScanRule.SECRET_TOKEN, "Azure SAS signature"),
            Format.of("eyJ", URLSAFE + ".", 40, 4096, ScanRule.SECRET_TOKEN, "JSON web token"));
    /** Documentation's example values (AWS's own, for one): in docs and libraries they are never a leak. */
    static final List<String> DOCUMENTED_EXAMPLES = List.of("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "EXAMPLE");
    /** The shortest private key, Ed25519 in PKCS#8, is 64 base64 characters; a sentence naming the header is not a key. */
    private static final int MIN_PEM_BODY = 64;

    private SecretTokens() {
    }

    /** Indexes into {@link #FORMATS} by the first character of their prefix: one pass over the text finds them all. */
    private static final int[][] BY_FIRST_CHAR = new int[128][];

    static {
        for (int i = 0; i < FORMATS.size(); i++) {
            char first = FORMATS.get(i).prefix().charAt(0);
            int[] old = BY_FIRST_CHAR[first] == null ? new int[0] : BY_FIRST_CHAR[first];
            int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = i;
            BY_FIRST_CHAR[first] = grown;
        }
    }

    static void find(String text, Consumer<Token> out) {
        prefixed(text, out);
        privateKeys(text, out);
        urlPasswords(text, out);
        jdbcPasswords(text, out);
    }

    private static void prefixed(String text, Consumer<Token> out) {
        int[] consumed = new int[FORMATS.size()]; // per format: text before this was read by an earlier match attempt
        int n = text.length();
        for (int at = 0; at < n; at++) {
            char c = text.charAt(at);
            int[] candidates = c < 128 ? BY_FIRST_CHAR[c] : null;
            if (candidates == null) {
                continue;
            }
            for (int index : candidates) {
                Format f = FORMATS.get(index);
                if (at >= consumed[index] && text.startsWith(f.prefix(), at)) {
                    consumed[index] = prefixedAt(text, f, at, out);
                }
            }
        }
    }

    /** Reads the token whose prefix is at {@code at} (a bounded run), reports it if well-formed; returns where it ended. */
    private static int prefixedAt(String text, Format f, int at, Consumer<Token> out) {
        int start = at + f.prefix().length();
        int end = start;
        int limit = Math.min(text.length(), start + f.max() + 1);
        while (end < limit && f.allows(text.charAt(end))) {
            end++;
        }
        boolean boundedBefore = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)) || !Character.isLetter(f.prefix().charAt(0));
        // a fixed-length id (AWS, Google, npm) must end there: "AKIA…EXAMPLEabc" is part of a longer word
        boolean boundedAfter = end >= text.length() || !f.allows(text.charAt(end))
                && (f.min() != f.max() || !Character.isLetterOrDigit(text.charAt(end)));
        int length = end - start;
        if (boundedBefore && boundedAfter && length >= f.min() && length <= f.max() && plausible(f, text, start, end)) {
            String prefix = f.prefix().endsWith("=") ? "" : f.prefix();
            out.accept(new Token(f.rule(), f.kind(), "", text.substring(start - prefix.length(), end), prefix, at));
        }
        return Math.max(end, at + 1);
    }

    /** Shape checks where the prefix alone is too common: a JWT has three dot-separated parts, a key id digits. */
    private static boolean plausible(Format f, String text, int start, int end) {
        if (f.prefix().equals("eyJ")) {
            int dots = 0;
            for (int i = start; i < end; i++) {
                if (text.charAt(i) == '.') {
                    dots++;
                }
            }
            return dots == 2 && text.charAt(end - 1) != '.';
        }
        if (f.rule() == ScanRule.SECRET_AWS_KEY || f.prefix().equals("npm_") || f.prefix().startsWith("gh")) {
            boolean digit = false;
            for (int i = start; i < end && !digit; i++) {
                digit = Character.isDigit(text.charAt(i));
            }
            return digit; // a run of letters only is a word or a constant name, not a generated key
        }
        return true;
    }

    private static void privateKeys(String text, Consumer<Token> out) {
        int from = 0;
        int nextEnd = -2; // the next "-----END" at or after the current body, found once: many headers, one search
        while (true) {
            int at = text.indexOf("-----BEGIN ", from);
            if (at < 0) {
                return;
            }
            int labelEnd = text.indexOf("-----", at + 11);
            from = at + 11;
            if (labelEnd < 0 || labelEnd - at > 64) {
                continue;
            }
            String label = text.substring(at + 11, labelEnd);
            if (!label.endsWith("PRIVATE KEY") && !label.endsWith("PRIVATE KEY BLOCK")) {
                continue;
            }
            // the body: base64 (and header lines, literal "\n" in JSON) up to the END line, bounded
            int bodyStart = labelEnd + 5;
            if (nextEnd != -1 && nextEnd < bodyStart) {
                nextEnd = text.indexOf("-----END", bodyStart);
            }
            int endMarker = nextEnd;
            int bodyEnd = endMarker < 0 ? Math.min(text.length(), bodyStart + 16384) : Math.min(endMarker, bodyStart + 16384);
            StringBuilder body = new StringBuilder();
            for (int i = bodyStart; i < bodyEnd; i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\'' || c == '<' || c == '>') {
                    // the end of a quoted value or of an XML attribute/element: a PEM body never holds these, so
                    // a header written as a string (Tika's mime magic "-----BEGIN RSA PRIVATE KEY-----") has none
                    break;
                }
                if (c == '\\' && i + 1 < bodyEnd && text.charAt(i + 1) == 'n') {
                    i++;
                } else if (BASE64.indexOf(c) >= 0) {
                    body.append(c);
                }
            }
            if (body.length() >= MIN_PEM_BODY) {
                out.accept(new Token(ScanRule.SECRET_PRIVATE_KEY, label.toLowerCase(Locale.ROOT), "", body.toString(), "", at));
            }
            from = Math.max(from, bodyEnd);
        }
    }

    /** {@code scheme://user:password@host}: the scheme and the user part are read backwards and forwards, bounded. */
    private static void urlPasswords(String text, Consumer<Token> out) {
        int from = 0;
        while (true) {
            int at = text.indexOf("://", from);
            if (at < 0) {
                return;
            }
            from = at + 3;
            int scheme = at;
            while (scheme > 0 && at - scheme < 32 && isSchemeChar(text.charAt(scheme - 1))) {
                scheme--;
            }
            if (scheme == at || !Character.isLetter(text.charAt(scheme))) {
                continue;
            }
            int limit = Math.min(text.length(), from + 512);
            int colon = -1;
            int atSign = -1;
            for (int i = from; i < limit; i++) {
                char c = text.charAt(i);
                if (c == '@') {
                    atSign = i;
                    break;
                }
                if (c == ':' && colon < 0) {
                    colon = i;
                } else if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c) || c == '"' || c == '\''
                        || c == '<' || c == '>') {
                    break;
                }
            }
            if (colon > from && atSign > colon + 1 && !exampleHost(text, atSign + 1)) {
                String user = text.substring(from, colon);
                out.accept(new Token(ScanRule.SECRET_PASSWORD, "password in URL", user, text.substring(colon + 1, atSign), "", colon + 1));
                from = atSign;
            }
        }
    }

    /**
     * A host reserved for documentation (RFC 2606/6761: example.com, example.org, example.net, *.example): the URL is
     * an example, as in JAX-WS tools' usage text {@code http://username:password@example.org/stock?wsdl}.
     */
    private static boolean exampleHost(String text, int hostStart) {
        int end = hostStart;
        while (end < text.length() && end - hostStart < 256 && (Character.isLetterOrDigit(text.charAt(end))
                || text.charAt(end) == '.' || text.charAt(end) == '-')) {
            end++;
        }
        String host = text.substring(hostStart, end).toLowerCase(Locale.ROOT);
        return host.matches("(.+\\.)?example\\.(com|org|net)") || host.endsWith(".example") || host.equals("example");
    }

    private static boolean isSchemeChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-' || c == ':';
    }

    /** {@code jdbc:…?user=u&password=p}, {@code ;password=p}, Oracle's {@code jdbc:oracle:thin:user/password@host}. */
    private static void jdbcPasswords(String text, Consumer<Token> out) {
        int from = 0;
        while (true) {
            int at = text.indexOf("jdbc:", from);
            if (at < 0) {
                return;
            }
            int end = at + 5;
            int limit = Math.min(text.length(), at + 1024);
            while (end < limit && !Character.isWhitespace(text.charAt(end)) && "\"'<>".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            from = Math.max(end, at + 5);
            String url = text.substring(at, end);
            String lower = url.toLowerCase(Locale.ROOT);
            for (String param : List.of("password=", "pwd=")) {
                int p = lower.indexOf(param);
                if (p > 0 && "?&;:".indexOf(lower.charAt(p - 1)) >= 0) {
                    int valueStart = p + param.length();
                    int valueEnd = valueStart;
                    while (valueEnd < url.length() && "&;".indexOf(url.charAt(valueEnd)) < 0) {
                        valueEnd++;
                    }
                    out.accept(new Token(ScanRule.SECRET_PASSWORD, "password in JDBC URL", "", url.substring(valueStart, valueEnd), "", at + valueStart));
                }
            }
            if (lower.startsWith("jdbc:oracle:thin:") && !lower.startsWith("jdbc:oracle:thin:@")) {
                int slash = url.indexOf('/', 17);
                int atSign = url.indexOf('@', 17);
                if (slash > 17 && atSign > slash + 1) {
                    out.accept(new Token(ScanRule.SECRET_PASSWORD, "password in JDBC URL", url.substring(17, slash),
                            url.substring(slash + 1, atSign), "", at + slash + 1));
                }
            }
        }
    }
}
