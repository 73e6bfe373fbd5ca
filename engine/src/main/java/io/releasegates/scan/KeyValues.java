package io.releasegates.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hand-written tokenisers that find key/value pairs in configuration text: line formats (properties, YAML, .env,
 * INI/TOML, realm files, .netrc), JSON and XML (attributes, elements, {@code <property name=… value=…/>}). Each
 * moves forward through the text and looks at most a bounded window ahead, so the work is linear in the input: no
 * regular expression runs over a whole line (a 10 MB one-line file takes milliseconds, not minutes).
 */
final class KeyValues {
    /** A pair at {@code offset} (of the value) in the text; {@code user} is the user name it goes with, if any. */
    record Pair(String key, String value, int offset, String user) {
    }

    private static final int MAX_KEY = 200;
    private static final int MAX_ATTRIBUTES = 64;
    // "export DB_PASSWORD=…", "local pw=…", "readonly TOKEN=…": assignments all the same
    private static final List<String> SHELL_DECLARATIONS = List.of("export ", "local ", "readonly ", "declare ", "typeset ");

    private KeyValues() {
    }

    static void find(String text, SecretContext.Format format, Consumer<Pair> out) {
        switch (format) {
            case JSON -> json(text, out);
            case XML -> xml(text, out);
            case NETRC -> netrc(text, out);
            case PLAIN -> { }
            default -> lines(text, format, out);
        }
    }

    // ---- line formats -------------------------------------------------------------------------------------------

    private static void lines(String text, SecretContext.Format format, Consumer<Pair> out) {
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            line(text, start, end, format, out);
            start = end + 1;
        }
    }

    private static void line(String text, int start, int end, SecretContext.Format format, Consumer<Pair> out) {
        int i = skipBlanks(text, start, end);
        if (i >= end) {
            return;
        }
        char c = text.charAt(i);
        if (c == '#' || c == ';' || c == '!' && format == SecretContext.Format.PROPERTIES || c == '/' && i + 1 < end
                && text.charAt(i + 1) == '/' && format != SecretContext.Format.INI || c == '[') {
            return;
        }
        if (format == SecretContext.Format.YAML && c == '-' && i + 1 < end && text.charAt(i + 1) == ' ') {
            i = skipBlanks(text, i + 1, end);
        }
        if (format == SecretContext.Format.ENV) {
            for (String keyword : SHELL_DECLARATIONS) {
                if (text.startsWith(keyword, i)) {
                    i = skipBlanks(text, i + keyword.length(), end);
                    break;
                }
            }
        }
        int limit = Math.min(end, i + MAX_KEY);
        int sep = -1;
        for (int j = i; j < limit; j++) {
            char s = text.charAt(j);
            if (s == '=' || s == ':' && separatorColon(text, j, end, format)) {
                sep = j;
                break;
            }
        }
        if (sep <= i) {
            return;
        }
        String key = unquoteKey(text.substring(i, sep).strip());
        if (format == SecretContext.Format.ENV && !isVariableName(key)) {
            return; // a shell script's "--passphrase=*)" case pattern or option, not an assignment
        }
        int valueStart = skipBlanks(text, sep + 1, end);
        int valueEnd = Math.min(end, valueStart + SecretValues.MAX_VALUE + 1);
        String value = text.substring(valueStart, valueEnd);
        if (value.endsWith("\r")) {
            value = value.substring(0, value.length() - 1);
        }
        if (format != SecretContext.Format.PROPERTIES) {
            value = stripComment(value);
        } else if (value.indexOf("\\u") >= 0) {
            value = unescapeUnicode(value); // escaped Chinese or Cyrillic UI words are words, not random-looking secrets
        }
        if (format == SecretContext.Format.REALM && key.indexOf('.') < 0) {
            // Jetty/Karaf realm: "user: password[,role…]"
            int comma = value.indexOf(',');
            out.accept(new Pair("password", comma >= 0 ? value.substring(0, comma).strip() : value.strip(), valueStart, key));
            return;
        }
        out.accept(new Pair(key, value.strip(), valueStart, null));
    }

    /** A shell or .env variable name: {@code DB_PASSWORD}, {@code spring.datasource.password} (docker's env files). */
    private static boolean isVariableName(String key) {
        if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_')) {
            return false;
        }
        for (int k = 1; k < key.length(); k++) {
            char c = key.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Decodes the {@code \}{@code uXXXX} escapes of a properties value; other escapes are kept as written. */
    static String unescapeUnicode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '\\' && k + 1 < value.length()) {
                char next = value.charAt(k + 1);
                if (next == 'u' && k + 6 <= value.length() && isHex(value, k + 2, k + 6)) {
                    out.append((char) Integer.parseInt(value, k + 2, k + 6, 16));
                    k += 5;
                    continue;
                }
                out.append(c).append(next);
                k++;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A colon separates in properties and INI always; in YAML and .env only when a blank or the line's end follows. */
    private static boolean separatorColon(String text, int j, int end, SecretContext.Format format) {
        if (format == SecretContext.Format.PROPERTIES || format == SecretContext.Format.REALM) {
            return true;
        }
        if (format == SecretContext.Format.ENV) {
            return false;
        }
        return j + 1 >= end || text.charAt(j + 1) == ' ' || text.charAt(j + 1) == '\t' || text.charAt(j + 1) == '\r';
    }

    private static String stripComment(String value) {
        int hash = value.indexOf(" #");
        return hash >= 0 ? value.substring(0, hash) : value;
    }

    private static String unquoteKey(String key) {
        return key.length() >= 2 && (key.charAt(0) == '"' || key.charAt(0) == '\'') ? key.substring(1, key.length() - 1) : key;
    }

    // ---- .netrc: "machine host login user password secret", over one or several lines -----------------------------

    private static void netrc(String text, Consumer<Pair> out) {
        String user = null;
        int i = 0;
        int n = text.length();
        String previous = "";
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int startWord = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (startWord == i) {
                break;
            }
            String word = text.substring(startWord, Math.min(i, startWord + SecretValues.MAX_VALUE + 1));
            if (previous.equals("login")) {
                user = word;
            } else if (previous.equals("password")) {
                out.accept(new Pair("password", word, startWord, user));
            } else if (word.equals("machine") || word.equals("default")) {
                user = null;
            }
            previous = word;
        }
    }

    // ---- JSON: "key": "value" anywhere, minified or not ------------------------------------------------------------

    private static void json(String text, Consumer<Pair> out) {
        int n = text.length();
        int i = 0;
        int keyStart = -1; // the last string, while only blanks follow it: a key if a colon comes next
        int keyEnd = -1;
        while (i < n) {
            char c = text.charAt(i);
            if (c != '"') {
                if (c == ':' && keyStart >= 0) {
                    int v = skipWhitespace(text, i + 1, n);
                    if (v < n && text.charAt(v) == '"') {
                        int close = stringEnd(text, v, n);
                        out.accept(new Pair(text.substring(keyStart, keyEnd),
                                text.substring(v + 1, Math.min(close, v + 2 + SecretValues.MAX_VALUE)), v + 1, null));
                        i = close + 1;
                        keyStart = -1;
                        continue;
                    }
                }
                if (!Character.isWhitespace(c) && c != ':') {
                    keyStart = -1;
                }
                i++;
                continue;
            }
            int close = stringEnd(text, i, n);
            keyStart = close - i - 1 <= MAX_KEY ? i + 1 : -1;
            keyEnd = close;
            i = close + 1;
        }
    }

    /** Index of the quote closing the string that opens at {@code open} (escapes skipped), or {@code n}. */
    private static int stringEnd(String text, int open, int n) {
        for (int i = open + 1; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return n;
    }

    // ---- XML ---------------------------------------------------------------------------------------------------

    private static void xml(String text, Consumer<Pair> out) {
        int n = text.length();
        int i = text.indexOf('<');
        String nameText = null; // text of the last <param-name>/<name>/<key> element, for a following <…value>
        while (i >= 0 && i < n) {
            if (text.startsWith("<!--", i)) {
                int close = text.indexOf("-->", i + 4);
                i = close < 0 ? -1 : text.indexOf('<', close + 3);
                continue;
            }
            if (text.startsWith("<?", i) || text.startsWith("<!", i) || text.startsWith("</", i)) {
                int close = text.indexOf('>', i + 2);
                i = close < 0 ? -1 : text.indexOf('<', close + 1);
                continue;
            }
            Tag tag = tag(text, i + 1, n);
            int next = text.indexOf('<', tag.end);
            String body = tag.selfClosing || next < 0 ? null
                    : text.substring(tag.end, Math.min(next, tag.end + SecretValues.MAX_VALUE + 1)).strip();
            tag.pairs(out);
            if (body != null && !body.isEmpty()) {
                String local = tag.localName();
                String named = tag.attribute("name", "key", "property");
                if (SecretValues.isSecretKey(local) && !(local.equals("token") && nextElementIs(text, next, "value"))) {
                    out.accept(new Pair(local, body, tag.end, tag.attribute("username", "user", "login")));
                } else if (named != null && tag.attribute("value") == null) {
                    out.accept(new Pair(named, body, tag.end, null));
                } else if (local.endsWith("value") && nameText != null) {
                    out.accept(new Pair(nameText, body, tag.end, null));
                }
                nameText = local.endsWith("name") || local.equals("key") ? body : local.endsWith("value") ? null : nameText;
            }
            i = next;
        }
    }

    /**
     * Whether the first start tag after the element closing at {@code close} (its {@code </…>}) is a {@code <value>}:
     * {@code <token>…</token><value>…</value>} is a search-and-replace pair (the Maven replacer plugin's
     * {@code <replacement>}), the token being the text searched for, not a secret.
     */
    private static boolean nextElementIs(String text, int close, String localName) {
        if (close < 0 || !text.startsWith("</", close)) {
            return false;
        }
        int end = text.indexOf('>', close);
        int next = end < 0 ? -1 : skipWhitespace(text, end + 1, Math.min(text.length(), end + 1 + MAX_KEY));
        if (next < 0 || next >= text.length() || text.charAt(next) != '<') {
            return false;
        }
        Tag tag = tag(text, next + 1, Math.min(text.length(), next + 1 + MAX_KEY));
        return tag.localName().equals(localName);
    }

    /** One start tag: its name, attributes (values end at their own closing quote) and where it ends. */
    private record Tag(String name, List<String[]> attributes, int end, boolean selfClosing) {
        String localName() {
            int colon = name.indexOf(':');
            return colon >= 0 ? name.substring(colon + 1) : name;
        }

        String attribute(String... names) {
            for (String wanted : names) {
                for (String[] a : attributes) {
                    if (a[0].equalsIgnoreCase(wanted)) {
                        return a[1];
                    }
                }
            }
            return null;
        }

        void pairs(Consumer<Pair> out) {
            String user = attribute("username", "user", "name", "login");
            String named = attribute("name", "key", "property");
            String value = attribute("value");
            if (named != null && value != null && SecretValues.isSecretKey(named)) {
                out.accept(new Pair(named, value, end, null));
            }
            for (String[] a : attributes) {
                if (value != null && !a[0].equalsIgnoreCase("value") && isConstantName(a[1])) {
                    continue; // Ant's <filter token="VERSION" value="…"/>: the attribute names what the value replaces
                }
                out.accept(new Pair(a[0], a[1], end, user));
            }
        }
    }

    /** {@code VERSION_NUMBER}: an upper-case constant's name (letters first, then letters, digits and underscores). */
    private static boolean isConstantName(String v) {
        if (v.isEmpty() || v.length() > MAX_KEY || !Character.isUpperCase(v.charAt(0))) {
            return false;
        }
        for (int k = 1; k < v.length(); k++) {
            char c = v.charAt(k);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static Tag tag(String text, int i, int n) {
        int nameEnd = i;
        while (nameEnd < n && nameEnd - i < MAX_KEY && !Character.isWhitespace(text.charAt(nameEnd))
                && text.charAt(nameEnd) != '>' && text.charAt(nameEnd) != '/') {
            nameEnd++;
        }
        String name = text.substring(i, nameEnd);
        List<String[]> attributes = new ArrayList<>();
        int j = nameEnd;
        while (j < n) {
            j = skipWhitespace(text, j, n);
            if (j >= n) {
                break;
            }
            char c = text.charAt(j);
            if (c == '>') {
                return new Tag(name, attributes, j + 1, false);
            }
            if (c == '/' && j + 1 < n && text.charAt(j + 1) == '>') {
                return new Tag(name, attributes, j + 2, true);
            }
            int attrStart = j;
            while (j < n && j - attrStart < MAX_KEY && text.charAt(j) != '=' && text.charAt(j) != '>'
                    && !Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            String attr = text.substring(attrStart, j);
            j = skipWhitespace(text, j, n);
            if (j < n && text.charAt(j) == '=') {
                j = skipWhitespace(text, j + 1, n);
                if (j < n && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
                    char quote = text.charAt(j);
                    int close = text.indexOf(quote, j + 1);
                    close = close < 0 ? n : close;
                    if (attributes.size() < MAX_ATTRIBUTES && attr.length() > 0) {
                        attributes.add(new String[] {attr, text.substring(j + 1, Math.min(close, j + 2 + SecretValues.MAX_VALUE))});
                    }
                    j = close + 1;
                }
            } else if (j == attrStart) {
                j++; // a stray character: step over it
            }
        }
        return new Tag(name, attributes, n, true);
    }

    private static int skipBlanks(String text, int i, int end) {
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String text, int i, int n) {
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
