package io.releasegates.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges key names and values of key/value pairs: does the key name a secret, and is the value one (not a
 * placeholder, a reference, a sentence or a type name)? Every method looks at one bounded string only, so the scan
 * stays linear in its input whatever the file holds.
 */
final class SecretValues {
    /** What a value is, once judged. */
    enum Verdict { NOT_SECRET, SECRET, DEFAULT_CREDENTIAL }

    /** Longest value judged; longer ones are blobs (certificates, encoded documents), not passwords. */
    static final int MAX_VALUE = 1024;

    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "pass", "passphrase", "secret",
            "token", "credential", "credentials", "apikey", "secretkey", "accesskey", "privatekey", "authtoken",
            "clientsecret", "passcode");
    // "<qualifier> key" names a secret (api key, signing key…); "key" alone is usually a map key or an id
    private static final Set<String> KEY_QUALIFIERS = Set.of("api", "secret", "private", "access", "signing", "encryption",
            "master", "client", "account", "shared", "hmac", "jwt", "app", "subscription", "storage", "auth", "sas");
    // values that are fill-in markers in any configuration: never a live secret
    private static final Set<String> PLACEHOLDERS = Set.of("changeme", "change_me", "change-me", "changethis", "placeholder",
            "redacted", "replace", "replaceme", "replace_me", "todo", "tbd", "fixme", "example", "sample", "none", "null",
            "nil", "undefined", "empty", "dummy", "notset", "not-set", "unset", "hidden", "masked", "true", "false", "yes",
            "no", "on", "off", "required", "optional", "string", "value", "xxx");
    // shipped defaults of servers and brokers (ActiveMQ manager/password, Tomcat tomcat/s3cret, JDK keystores changeit)
    private static final Set<String> DEFAULTS = Set.of("admin", "administrator", "manager", "password", "passw0rd",
            "tomcat", "s3cret", "guest", "root", "toor", "secret", "changeit", "letmein", "jetty", "system", "default",
            "123456", "12345678", "1234", "test", "user", "demo", "qwerty", "welcome", "karaf", "smx", "weblogic",
            "admin123", "password1", "pass", "postgres", "sa", "oracle", "mysql", "rabbitmq");
    // a word that marks a whole value as a stand-in: "dummy-secret", "example_token", "fake-api-key" (Tika's
    // translator.*.properties ship translator.client-secret=dummy-secret)
    private static final Set<String> MARKER_WORDS = Set.of("dummy", "placeholder", "changeme", "replaceme", "example",
            "fake", "redacted", "notreal");
    private static final List<String> REFERENCE_PREFIXES = List.of("${", "#{", "{{", "%(", "enc(", "{cipher}", "{bcrypt}",
            "{noop}${", "vault:", "env:", "classpath:", "file:", "secret:", "ref+", "arn:aws:secretsmanager", "sm://",
            "http://", "https://", "$(", "@@", "!!");

    private SecretValues() {
    }

    /** True when the key's last word names a secret ({@code db.password}, {@code jwtSigningKey}, {@code _authToken}). */
    static boolean isSecretKey(String key) {
        List<String> words = words(key);
        if (words.isEmpty()) {
            return false;
        }
        String last = words.get(words.size() - 1);
        if (SECRET_WORDS.contains(last)) {
            return true;
        }
        String previous = words.size() > 1 ? words.get(words.size() - 2) : "";
        if (last.equals("key")) {
            return KEY_QUALIFIERS.contains(previous);
        }
        // npm's "_auth" (base64 user:password)
        return last.equals("auth") && words.size() <= 4 && key.contains("_auth");
    }

    /** The AWS secret access key's own names, which deserve the AWS rule rather than the generic one. */
    static boolean isAwsSecretKey(String key) {
        List<String> words = words(key);
        return words.contains("aws") && words.contains("secret") || String.join("", words).contains("secretaccesskey");
    }

    /**
     * Judges {@code rawValue} given for a secret-naming key. {@code user}, when known, is the user name it goes with:
     * a password equal to it is a default credential.
     */
    static Verdict judge(String rawValue, String user) {
        String v = unquote(rawValue.strip());
        if (v.length() > MAX_VALUE || v.length() < 4 && !DEFAULTS.contains(v.toLowerCase(Locale.ROOT))) {
            return Verdict.NOT_SECRET;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (isPlaceholder(v, lower) || isSentence(v) || isNonLatinWords(v) || isTypeName(v) || isNumberOrDuration(v)) {
            return Verdict.NOT_SECRET;
        }
        if (DEFAULTS.contains(lower) || user != null && !user.isBlank() && lower.equals(user.toLowerCase(Locale.ROOT))) {
            return Verdict.DEFAULT_CREDENTIAL;
        }
        return Verdict.SECRET;
    }

    /** The value as judged and fingerprinted: surrounding quotes removed. */
    static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"'
                || v.charAt(0) == '\'' && v.charAt(v.length() - 1) == '\'')) {
            return v.substring(1, v.length() - 1).strip();
        }
        return v;
    }

    static boolean isPlaceholder(String v, String lower) {
        if (v.isEmpty() || PLACEHOLDERS.contains(lower) || lower.startsWith("your") || lower.startsWith("my-")
                || lower.startsWith("<") && lower.endsWith(">") || lower.startsWith("[") && lower.endsWith("]")
                || lower.startsWith("@") && lower.endsWith("@") || lower.startsWith("%") && lower.endsWith("%")
                || lower.startsWith("$") && v.length() > 1 && (Character.isLetter(v.charAt(1)) || v.charAt(1) == '_')) {
            return true;
        }
        for (String prefix : REFERENCE_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        if (lower.contains("${") || lower.contains("{{") || hasMarkerWord(lower)) {
            return true;
        }
        // masks: "*****", "xxxxxx", "......", "------"
        char first = lower.charAt(0);
        if ("*x.-#?_".indexOf(first) >= 0) {
            boolean same = true;
            for (int i = 1; i < lower.length() && same; i++) {
                same = lower.charAt(i) == first;
            }
            if (same) {
                return true;
            }
        }
        return lower.startsWith("change") && lower.contains("me") || lower.contains("replace") && lower.contains("with")
                || lower.startsWith("must-be-changed") || lower.startsWith("insert");
    }

    /** One of the value's words ({@code -}, {@code _} or {@code .} between them) says it stands in for a secret. */
    private static boolean hasMarkerWord(String lower) {
        int start = 0;
        for (int i = 0; i <= lower.length(); i++) {
            if (i == lower.length() || lower.charAt(i) == '-' || lower.charAt(i) == '_' || lower.charAt(i) == '.') {
                if (i > start && MARKER_WORDS.contains(lower.substring(start, i))) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * A key that is a fully qualified class name ({@code com.openshift.internal.restclient.model.Secret=v1.Secret} in
     * OpenShift's type map): the pair maps a type, it does not configure a secret. Three dots at least, lower-case
     * package segments, so that {@code app.db.Password} stays a setting.
     */
    static boolean isClassNameKey(String key) {
        if (!isTypeName(key)) {
            return false; // a class name's shape: dotted identifiers, the last one capitalised
        }
        String packageName = key.substring(0, key.lastIndexOf('.'));
        return packageName.chars().filter(c -> c == '.').count() >= 2 && packageName.equals(packageName.toLowerCase(Locale.ROOT));
    }

    /** Prose: a message bundle's or a comment's sentence rather than a secret. */
    static boolean isSentence(String v) {
        int words = 0;
        boolean inWord = false;
        int letters = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c)) {
                inWord = false;
            } else {
                if (!inWord) {
                    words++;
                }
                inWord = true;
                if (Character.isLetter(c)) {
                    letters++;
                }
            }
        }
        char end = v.charAt(v.length() - 1);
        boolean formatted = v.contains("{0}") || v.contains("{1}") || v.contains("%s") || v.contains("%d");
        int visible = 0;
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isWhitespace(v.charAt(i))) {
                visible++;
            }
        }
        return words >= 4 || words >= 2 && (".!?:".indexOf(end) >= 0 || formatted || letters * 10 >= visible * 9);
    }

    /**
     * Words of a non-Latin script ({@code 密码}, {@code Пароль}): a translated label, while generated secrets and
     * the passwords configuration files hold are ASCII. Letters only (blanks and punctuation allowed), no digit.
     */
    static boolean isNonLatinWords(String v) {
        boolean nonLatin = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isDigit(c)) {
                return false;
            }
            if (Character.isLetter(c)) {
                nonLatin |= c > 0x24F;
            } else if (Character.isLetterOrDigit(c) || c == '=' || c == '/' || c == '+') {
                return false;
            }
        }
        return nonLatin;
    }

    /** A UI label: {@code credentialPassword=Password}, {@code login.token=Token} (capitalised, the key's own last word). */
    static boolean isLabel(String key, String value) {
        List<String> words = words(key);
        return !value.isEmpty() && Character.isUpperCase(value.charAt(0)) && !words.isEmpty()
                && value.equalsIgnoreCase(words.get(words.size() - 1));
    }

    /** {@code org.acme.PasswordEncoder}, {@code com.zaxxer.hikari.HikariDataSource}: a class, not a value. */
    static boolean isTypeName(String v) {
        int dots = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!Character.isJavaIdentifierPart(c)) {
                return false;
            }
        }
        int lastDot = v.lastIndexOf('.');
        return dots >= 2 && Character.isLowerCase(v.charAt(0)) && lastDot < v.length() - 1
                && Character.isUpperCase(v.charAt(lastDot + 1));
    }

    /** {@code 3600}, {@code 30s}, {@code 8}: lengths, timeouts and counts named after tokens and passwords. */
    static boolean isNumberOrDuration(String v) {
        int digits = 0;
        for (int i = 0; i < v.length(); i++) {
            if (Character.isDigit(v.charAt(i))) {
                digits++;
            }
        }
        if (digits == v.length()) {
            return v.length() <= 6 && !DEFAULTS.contains(v);
        }
        return digits == v.length() - 1 && v.length() <= 7 && "smhdw".indexOf(v.charAt(v.length() - 1)) >= 0;
    }

    /** Lower-case words of a key: camelCase, snake_case, kebab-case, dotted and path-like keys are all split. */
    static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < key.length() && i < 256; i++) {
            char c = key.charAt(i);
            boolean boundary = !Character.isLetterOrDigit(c)
                    || Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1));
            if (boundary && word.length() > 0) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
