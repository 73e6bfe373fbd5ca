package io.releasegates.scan;

import io.releasegates.report.Digests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in the text of one file. Values never leave this class in clear: a hit carries the masked value
 * and a fingerprint (first 12 hex of the value's SHA-256) so that people can tell two hits apart and waive one.
 */
final class SecretScanner {
    /** A secret found at a line of a file. */
    record Hit(ScanRule rule, int line, String kind, String key, String masked, String fingerprint) {
    }

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ((?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----");
    private static final Pattern AWS_ACCESS_KEY = Pattern.compile("\\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16})\\b");
    private static final Pattern AWS_SECRET = Pattern.compile("(?i)aws.{0,20}secret.{0,20}?[\"']?\\s*[=:]\\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])");
    private static final List<Pattern> TOKENS = List.of(
            Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36,})"),
            Pattern.compile("\\b(github_pat_[A-Za-z0-9_]{60,})"),
            Pattern.compile("\\b(xox[baprs]-[A-Za-z0-9-]{10,})"),
            Pattern.compile("\\b(AIza[0-9A-Za-z_-]{35})"),
            Pattern.compile("\\b([sr]k_live_[0-9A-Za-z]{20,})"),
            Pattern.compile("\\b(npm_[A-Za-z0-9]{36})"),
            Pattern.compile("\\b(glpat-[A-Za-z0-9_-]{20,})"));
    // key = value / key: value in properties, YAML, .env; the key names a secret
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "^\\s*(?:export\\s+)?[\"']?([A-Za-z0-9_.\\-]*?(?i:password|passwd|pwd|secret|token|api[_.-]?key|apikey|credentials?|private[_.-]?key|client[_.-]?secret)[A-Za-z0-9_.\\-]*)[\"']?\\s*[=:]\\s*(.*?)\\s*$");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("[a-z][a-z0-9+.-]*://([^:/@\\s]+):([^@/\\s]+)@");
    private static final Set<String> CONFIG_SUFFIXES = Set.of(".properties", ".yml", ".yaml", ".env", ".conf", ".cfg",
            ".ini", ".toml", ".json", ".xml", ".sh");
    private static final Set<String> CREDENTIAL_FILES = Set.of(".npmrc", ".pypirc", ".git-credentials", ".netrc", "_netrc");

    private SecretScanner() {
    }

    static List<Hit> scan(String fileName, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String name = fileName.toLowerCase(Locale.ROOT);
        boolean config = isConfig(name);
        boolean credentialFile = CREDENTIAL_FILES.contains(name);
        List<Hit> hits = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (PRIVATE_KEY.matcher(line).find()) {
                String body = i + 1 < lines.length ? lines[i + 1].trim() : "";
                hits.add(hit(ScanRule.SECRET_PRIVATE_KEY, lineNo, "private key", "", body.isEmpty() ? line.trim() : body));
                continue;
            }
            Matcher aws = AWS_ACCESS_KEY.matcher(line);
            boolean found = false;
            while (aws.find()) {
                hits.add(hit(ScanRule.SECRET_AWS_KEY, lineNo, "AWS access key id", "", aws.group(1)));
                found = true;
            }
            Matcher awsSecret = AWS_SECRET.matcher(line);
            if (awsSecret.find()) {
                hits.add(hit(ScanRule.SECRET_AWS_KEY, lineNo, "AWS secret access key", keyOf(line), awsSecret.group(1)));
                continue;
            }
            for (Pattern token : TOKENS) {
                Matcher m = token.matcher(line);
                if (m.find()) {
                    hits.add(hit(ScanRule.SECRET_TOKEN, lineNo, "token", keyOf(line), m.group(1)));
                    found = true;
                }
            }
            if (found) {
                continue;
            }
            Matcher url = URL_CREDENTIALS.matcher(line);
            if (url.find() && !isPlaceholder(url.group(2))) {
                ScanRule rule = credentialFile ? ScanRule.SECRET_CREDENTIAL_FILE : ScanRule.SECRET_PASSWORD;
                hits.add(hit(rule, lineNo, "password in URL", url.group(1), url.group(2)));
                continue;
            }
            if (config || credentialFile) {
                Matcher a = ASSIGNMENT.matcher(line);
                if (a.matches() && !line.trim().startsWith("#") && !line.trim().startsWith("//")) {
                    String value = unquote(a.group(2));
                    if (!isPlaceholder(value)) {
                        ScanRule rule = credentialFile ? ScanRule.SECRET_CREDENTIAL_FILE : ScanRule.SECRET_PASSWORD;
                        hits.add(hit(rule, lineNo, "secret value", a.group(1), value));
                    }
                }
            }
        }
        return hits;
    }

    /** Files whose key=value lines are checked; other text files only for key material and tokens. */
    static boolean isConfig(String lowerName) {
        if (lowerName.equals(".env") || lowerName.startsWith(".env.")) {
            return true;
        }
        int dot = lowerName.lastIndexOf('.');
        return dot >= 0 && CONFIG_SUFFIXES.contains(lowerName.substring(dot));
    }

    static boolean isCredentialFile(String lowerName) {
        return CREDENTIAL_FILES.contains(lowerName);
    }

    /** {@code ${X}}, {@code {{x}}}, {@code <x>}, {@code ENC(...)}, masks and empty values are not secrets. */
    static boolean isPlaceholder(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() < 4 || v.equals("null") || v.equals("~") || v.equals("true") || v.equals("false")) {
            return true;
        }
        return v.startsWith("${") || v.startsWith("#{") || v.startsWith("{{") || v.startsWith("<") || v.startsWith("%(")
                || v.startsWith("$") || v.startsWith("ENC(") || v.matches("\\*+") || v.matches("(?i)x+")
                || v.matches("(?i)(changeme|change_me|placeholder|secret|password|your[_-].*|example|none|redacted)")
                || v.startsWith("{") || v.startsWith("[") || v.startsWith("|") || v.startsWith(">");
    }

    /** Keeps at most a quarter of the value (never more than 4 characters) and hides the rest. */
    static String mask(String value) {
        int keep = Math.min(4, value.length() / 4);
        return value.substring(0, keep) + "*".repeat(8) + " (" + value.length() + " chars)";
    }

    private static Hit hit(ScanRule rule, int line, String kind, String key, String value) {
        String fingerprint = Digests.sha256(value.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        return new Hit(rule, line, kind, key, mask(value), fingerprint);
    }

    private static String keyOf(String line) {
        Matcher a = Pattern.compile("^\\s*(?:export\\s+)?[\"']?([A-Za-z0-9_.\\-]+)[\"']?\\s*[=:]").matcher(line);
        return a.find() ? a.group(1) : "";
    }

    private static String unquote(String value) {
        String v = value;
        int hash = v.indexOf(" #");
        if (hash > 0) {
            v = v.substring(0, hash).trim();
        }
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
