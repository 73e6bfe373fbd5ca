package io.releasegates.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the entries of a baseline written in our own layout ({@link BaselineJson#write}: one entry per line, members
 * in canonical order, plain strings) without a general JSON parser: a check reads tens of thousands of entries in a
 * JVM that has not compiled a JSON parser yet, and this loop costs a fraction of that.
 *
 * <p>It accepts only what the writer produces. Anything else — an escape sequence, a member out of order or unknown,
 * a number that is not a plain integer, different line breaks — makes it give up ({@code null}) and the caller uses
 * the full JSON parser, which either reads the document or says precisely what is wrong with it. The header and the
 * signature are always read by that parser (from the document with the entries cut out).
 */
final class BaselineLines {
    private static final byte[] START = "\n  \"entries\": [\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDENT = "    {".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "  ]".getBytes(StandardCharsets.US_ASCII);
    /** Member names in the order the writer emits them (canonical order); each at most once. */
    private static final byte[][] NAMES = Stream.of("group", "mode", "owner", "path", "problem", "sha256", "size",
            "target", "type").map(n -> n.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final int GROUP = 0;
    private static final int MODE = 1;
    private static final int OWNER = 2;
    private static final int PATH = 3;
    private static final int PROBLEM = 4;
    private static final int SHA256 = 5;
    private static final int SIZE = 6;
    private static final int TARGET = 7;
    private static final int TYPE = 8;

    private BaselineLines() {
    }

    /**
     * The entries and the document without them.
     *
     * @param skeleton the document with an empty entries array, for the full parser to read the rest
     */
    record Split(List<TreeEntry> entries, byte[] skeleton) {
    }

    /** Null when the bytes are not exactly in the writer's layout. */
    static Split read(byte[] b) {
        int start = indexOf(b, START, 0);
        if (start < 0 || indexOf(b, START, start + 1) >= 0) {
            return null;
        }
        int at = start + START.length;
        List<TreeEntry> entries = new ArrayList<>();
        String[] values = new String[NAMES.length];
        for (boolean more = true; more; ) {
            // after "[" or a comma an entry must follow (JSON allows no trailing comma)
            if (!startsWith(b, at, INDENT)) {
                return null;
            }
            at = entry(b, at + INDENT.length - 1, values, entries);
            if (at < 0) {
                return null;
            }
            more = at < b.length && b[at] == ',';
            if (more) {
                at++;
            }
            if (at >= b.length || b[at] != '\n') {
                return null;
            }
            at++;
        }
        // the array closes on its own line: "  ]"
        if (!startsWith(b, at, END)) {
            return null;
        }
        int close = at + 2;
        byte[] skeleton = new byte[start + START.length - 1 + (b.length - close)];
        System.arraycopy(b, 0, skeleton, 0, start + START.length - 1);
        System.arraycopy(b, close, skeleton, start + START.length - 1, b.length - close);
        return new Split(entries, skeleton);
    }

    /** Reads one {@code {…}} starting at {@code at}; returns the index after the closing brace, or -1. */
    private static int entry(byte[] b, int at, String[] values, List<TreeEntry> out) {
        Arrays.fill(values, null);
        int next = 0;
        at++;
        while (true) {
            if (at >= b.length || b[at] != '"') {
                return -1;
            }
            int nameEnd = plainString(b, at + 1);
            if (nameEnd < 0) {
                return -1;
            }
            int index = name(b, at + 1, nameEnd, next);
            if (index < 0 || nameEnd + 1 >= b.length || b[nameEnd + 1] != ':') {
                return -1;
            }
            next = index + 1;
            at = nameEnd + 2;
            if (index == SIZE) {
                int end = at;
                while (end < b.length && b[end] >= '0' && b[end] <= '9') {
                    end++;
                }
                // plain integers only, no leading zero, short enough for a long
                if (end == at || end - at > 18 || b[at] == '0' && end - at > 1) {
                    return -1;
                }
                values[index] = new String(b, at, end - at, StandardCharsets.US_ASCII);
                at = end;
            } else {
                if (at >= b.length || b[at] != '"') {
                    return -1;
                }
                int end = plainString(b, at + 1);
                if (end < 0) {
                    return -1;
                }
                values[index] = text(b, at + 1, end);
                if (values[index] == null) {
                    return -1;
                }
                at = end + 1;
            }
            if (at >= b.length) {
                return -1;
            }
            if (b[at] == '}') {
                break;
            }
            if (b[at] != ',') {
                return -1;
            }
            at++;
        }
        if (values[PATH] == null || values[SIZE] == null || values[TYPE] == null) {
            return -1;
        }
        EntryType type;
        try {
            type = EntryType.fromLabel(values[TYPE]);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (!type.label().equals(values[TYPE])) {
            return -1;
        }
        out.add(new TreeEntry(values[PATH], type, Long.parseLong(values[SIZE]), values[MODE], values[OWNER],
                values[GROUP], values[SHA256], values[TARGET], values[PROBLEM]));
        return at + 1;
    }

    /** The string's characters; null when its bytes are not valid UTF-8 (the full parser then says so). */
    private static String text(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] < 0) {
                try {
                    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(b, start, end - start)).toString();
                } catch (CharacterCodingException e) {
                    return null;
                }
            }
        }
        return new String(b, start, end - start, StandardCharsets.US_ASCII);
    }

    /** The index of the closing quote of a string without escapes or control characters; -1 otherwise. */
    private static int plainString(byte[] b, int at) {
        for (int i = at; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c >= 0 && c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /** Which member name the bytes spell, if it may come at position {@code from} or later; -1 otherwise. */
    private static int name(byte[] b, int start, int end, int from) {
        for (int i = from; i < NAMES.length; i++) {
            if (Arrays.equals(NAMES[i], 0, NAMES[i].length, b, start, end)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        return at + prefix.length <= b.length && Arrays.equals(prefix, 0, prefix.length, b, at, at + prefix.length);
    }

    private static int indexOf(byte[] b, byte[] needle, int from) {
        for (int i = from; i <= b.length - needle.length; i++) {
            if (b[i] == needle[0] && startsWith(b, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
