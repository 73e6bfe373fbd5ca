package io.releasegates.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds secrets in the text of one file, judged by where the file sits ({@link SecretContext}): vendor tokens and
 * private keys anywhere ({@link SecretTokens}), key/value pairs whose key names a secret in configuration files
 * ({@link KeyValues}, {@link SecretValues}), and nothing in a library's message bundles, documentation or test data.
 * Every detector is linear in the text.
 *
 * <p>Values never leave this class in clear: a hit carries a masked hint (the vendor's public prefix, if any, and the
 * length; never a character of the secret itself) and a keyed fingerprint ({@link Fingerprints}).
 */
final class SecretScanner {
    /** A secret found at a line of a file. */
    record Hit(ScanRule rule, int line, String kind, String key, String masked, String fingerprint) {
    }

    /** More hits than this in one file are generated data, not configuration: the rest are not listed. */
    static final int MAX_HITS_PER_FILE = 200;
    private static final Set<String> CREDENTIAL_FILES = Set.of(".npmrc", ".pypirc", ".git-credentials", ".netrc", "_netrc");
    private static final Set<String> CONFIG_SUFFIXES = Set.of(".properties", ".yml", ".yaml", ".env", ".conf", ".cfg",
            ".ini", ".toml", ".json", ".xml", ".sh");

    private SecretScanner() {
    }

    static List<Hit> scan(String path, byte[] bytes) {
        return scan(path, SecretContext.Release.UNKNOWN, bytes);
    }

    /** The hits in a file of the {@code release} package ({@link SecretContext#of(String, SecretContext.Release)}). */
    static List<Hit> scan(String path, SecretContext.Release release, byte[] bytes) {
        return scan(SecretContext.of(path, release), path, new String(bytes, StandardCharsets.UTF_8),
                Fingerprints.installation());
    }

    static List<Hit> scan(String path, String text, Fingerprints fingerprints) {
        return scan(SecretContext.of(path), path, text, fingerprints);
    }

    private static List<Hit> scan(SecretContext context, String path, String text, Fingerprints fingerprints) {
        if (context.thirdPartyNonConfig()) {
            return List.of();
        }
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1).toLowerCase(Locale.ROOT);
        boolean credentialFile = CREDENTIAL_FILES.contains(name);
        boolean examplesAllowed = context.docs() || context.library() || context.test();
        Collector found = new Collector(text, fingerprints);
        SecretTokens.find(text, t -> {
            if (examplesAllowed && isDocumentedExample(t.value())) {
                return;
            }
            if ((context.docs() || context.foreign()) && t.rule() == ScanRule.SECRET_PASSWORD) {
                // documentation shows user:password@host in every connection example; a foreign library's
                // user:password is its sample (SecretContext#pairsAreConfig)
                return;
            }
            ScanRule rule = t.rule();
            if (rule == ScanRule.SECRET_PASSWORD) {
                SecretValues.Verdict verdict = SecretValues.judge(t.value(), t.key());
                if (verdict == SecretValues.Verdict.NOT_SECRET) {
                    return;
                }
                rule = verdict == SecretValues.Verdict.DEFAULT_CREDENTIAL ? ScanRule.SECRET_DEFAULT_CREDENTIALS
                        : credentialFile ? ScanRule.SECRET_CREDENTIAL_FILE : rule;
            }
            found.add(rule, t.offset(), t.kind(), t.key(), t.value(), t.prefix());
        });
        boolean messages = context.format() == SecretContext.Format.PROPERTIES && context.pairsAreConfig()
                && readsAsMessages(text);
        if (context.pairsAreConfig() && !messages || credentialFile) {
            SecretContext.Format format = credentialFile && context.format() == SecretContext.Format.PLAIN
                    ? SecretContext.Format.INI : context.format();
            if (format == SecretContext.Format.REALM && setsSecretKey(text)) {
                format = SecretContext.Format.PROPERTIES; // named after a realm, but a configuration: see setsSecretKey
            }
            KeyValues.find(text, format, p -> {
                if (found.full() || !found.isSecretKey(p.key()) || SecretValues.isClassNameKey(p.key())) {
                    return;
                }
                String value = SecretValues.unquote(p.value());
                if (SecretValues.isLabel(p.key(), value)) {
                    return;
                }
                SecretValues.Verdict verdict = SecretValues.judge(value, p.user());
                if (verdict == SecretValues.Verdict.NOT_SECRET || examplesAllowed && isDocumentedExample(value)
                        || found.covers(value)) {
                    return;
                }
                ScanRule rule = verdict == SecretValues.Verdict.DEFAULT_CREDENTIAL ? ScanRule.SECRET_DEFAULT_CREDENTIALS
                        : SecretValues.isAwsSecretKey(p.key()) ? ScanRule.SECRET_AWS_KEY
                        : credentialFile ? ScanRule.SECRET_CREDENTIAL_FILE : ScanRule.SECRET_PASSWORD;
                String kind = verdict == SecretValues.Verdict.DEFAULT_CREDENTIAL ? "default credential"
                        : rule == ScanRule.SECRET_AWS_KEY ? "AWS secret access key" : "secret value";
                found.add(rule, p.offset(), kind, p.key(), value, "");
            });
        }
        return found.hits();
    }

    /**
     * A realm file lists users ({@code admin: secret,role}); one with a key that names a secret
     * ({@code password = jetty}) is a configuration named after a realm, as Jetty's {@code etc/jdbcRealm.properties}
     * (driver, URL, user and password of the realm's database), and is read as properties: otherwise every setting
     * would be a user and its value a password.
     */
    private static boolean setsSecretKey(String text) {
        boolean[] found = new boolean[1];
        KeyValues.find(text, SecretContext.Format.PROPERTIES, p -> found[0] |= SecretValues.isSecretKey(p.key()));
        return found[0];
    }

    /** Fewest pairs for a properties file to be judged a message bundle by its content. */
    static final int MIN_BUNDLE_PAIRS = 10;

    /**
     * A properties file whose values are mostly prose is a message bundle whatever its name (JSPWiki's
     * {@code templates/default.properties}: {@code prefs.password=Password *} is a form label): at least
     * {@value #MIN_BUNDLE_PAIRS} pairs, and at least half of the values sentences or words of a non-Latin script.
     * A configuration file has class names, paths, numbers and flags, with prose only in its comments.
     */
    static boolean readsAsMessages(String text) {
        int[] counts = new int[2]; // pairs, prose values
        KeyValues.find(text, SecretContext.Format.PROPERTIES, p -> {
            String v = p.value();
            if (v.isEmpty()) {
                return;
            }
            counts[0]++;
            if (SecretValues.isSentence(v) || hasNonLatinLetter(v)) {
                counts[1]++;
            }
        });
        return counts[0] >= MIN_BUNDLE_PAIRS && counts[1] * 2 >= counts[0];
    }

    private static boolean hasNonLatinLetter(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c > 0x24F && Character.isLetter(c)) {
                return true;
            }
        }
        return false;
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

    /**
     * The hint shown wherever a finding is shown: the vendor's public prefix (say {@code ghp_}) and the length, never
     * a character of the secret itself, so that even a four-character password cannot be read back from it.
     */
    static String mask(String value, String publicPrefix) {
        return publicPrefix + "********" + " (" + value.length() + " chars)";
    }

    private static boolean isDocumentedExample(String value) {
        for (String example : SecretTokens.DOCUMENTED_EXAMPLES) {
            if (value.contains(example)) {
                return true;
            }
        }
        return false;
    }

    /** Collects hits once per value and place, numbering lines only when something was found. */
    private static final class Collector {
        private final String text;
        private final Fingerprints fingerprints;
        private final List<Hit> hits = new ArrayList<>();
        private final Set<String> values = new HashSet<>();
        private final List<String> reported = new ArrayList<>();
        private final java.util.Map<String, Boolean> keys = new java.util.HashMap<>();
        private int[] newlines;

        Collector(String text, Fingerprints fingerprints) {
            this.text = text;
            this.fingerprints = fingerprints;
        }

        void add(ScanRule rule, int offset, String kind, String key, String value, String prefix) {
            if (full() || !values.add(offset + "\u0000" + value) || values.contains(value)) {
                return;
            }
            values.add(value);
            reported.add(value);
            hits.add(new Hit(rule, line(offset), kind, key, mask(value, prefix), fingerprints.of(value)));
        }

        /** True when the value, or a secret inside it, was reported already (a token under a key naming it). */
        boolean covers(String value) {
            if (values.contains(value)) {
                return true;
            }
            for (String v : reported) {
                if (v.length() >= 8 && value.contains(v)) {
                    return true;
                }
            }
            return false;
        }

        /** {@link SecretValues#isSecretKey}, remembered: generated files repeat the same keys many times. */
        boolean isSecretKey(String key) {
            Boolean known = keys.get(key);
            if (known == null) {
                known = SecretValues.isSecretKey(key);
                if (keys.size() < 4096) {
                    keys.put(key, known);
                }
            }
            return known;
        }

        boolean full() {
            return hits.size() >= MAX_HITS_PER_FILE;
        }

        List<Hit> hits() {
            List<Hit> sorted = new ArrayList<>(hits);
            sorted.sort(java.util.Comparator.comparingInt(Hit::line));
            return List.copyOf(sorted);
        }

        private int line(int offset) {
            if (newlines == null) {
                int count = 0;
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) == '\n') {
                        count++;
                    }
                }
                newlines = new int[count];
                int k = 0;
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) == '\n') {
                        newlines[k++] = i;
                    }
                }
            }
            int index = Arrays.binarySearch(newlines, offset);
            return (index >= 0 ? index : -index - 1) + 1;
        }
    }
}
