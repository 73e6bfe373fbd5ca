package io.releasegates.inventory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Entry names as archives store them: decoded strictly, escaped when hostile, and judged for zip-slip. */
final class EntryNames {
    private static final String[] ARCHIVE_SUFFIXES = {
            ".jar", ".war", ".ear", ".zip", ".sar", ".hpi", ".jpi", ".aar", ".tar", ".tar.gz", ".tgz"};

    private EntryNames() {
    }

    /**
     * @param display the name to show: the UTF-8 name, with invalid bytes and control characters as {@code %XX}
     * @param badEncoding true when the raw bytes were not valid UTF-8 or held control characters
     */
    record Name(String display, boolean badEncoding) {
    }

    static Name decode(byte[] raw) {
        boolean ascii = true;
        for (byte b : raw) {
            if (b < 0x20 || b == 0x7f) { // negative bytes (>= 0x80) are not ASCII either
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new Name(new String(raw, StandardCharsets.US_ASCII), false);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
            return fromText(text);
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder();
            for (byte b : raw) {
                int v = b & 0xff;
                if (v >= 0x20 && v < 0x7f && v != '%') {
                    sb.append((char) v);
                } else {
                    sb.append('%').append(String.format(Locale.ROOT, "%02X", v));
                }
            }
            return new Name(sb.toString(), true);
        }
    }

    static Name fromText(String text) {
        boolean control = false;
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\uFFFD') {
                control = true;
                if (sb == null) {
                    sb = new StringBuilder(text.substring(0, i));
                }
                sb.append(c == '\uFFFD' ? "%EF%BF%BD" : String.format(Locale.ROOT, "%%%02X", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return new Name(sb == null ? text : sb.toString(), control);
    }

    /** Absolute names and {@code ..} segments would write outside the target if anyone extracted the archive. */
    static boolean unsafe(String name) {
        // hand-written rather than regular expressions: this runs for every entry of every jar
        int n = name.length();
        if (n == 0) {
            return false;
        }
        char first = name.charAt(0);
        if (first == '/' || first == '\\'
                || (n >= 2 && name.charAt(1) == ':' && ((first | 0x20) >= 'a' && (first | 0x20) <= 'z'))) {
            return true;
        }
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || name.charAt(i) == '/' || name.charAt(i) == '\\') {
                if (i - start == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    static boolean isArchive(String name) {
        if (name.endsWith(".class")) {
            return false; // by far the most common entry
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : ARCHIVE_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isTar(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".tar") || lower.endsWith(".tar.gz") || lower.endsWith(".tgz");
    }

    static String join(String container, String name) {
        return container.isEmpty() ? name : container + "!/" + name;
    }
}
