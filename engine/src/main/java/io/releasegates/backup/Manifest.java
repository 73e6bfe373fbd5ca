package io.releasegates.backup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checksum manifest as {@code sha256sum} writes it: {@code HASH␠␠name} (text mode) or {@code HASH␠*name} (binary
 * mode), a leading backslash when the name holds an escaped backslash or newline, and the BSD form
 * {@code SHA256 (name) = HASH} that {@code sha256sum --tag} writes. Names that would leave the copy's folder are
 * refused, so verification never reads outside the backup location.
 *
 * @param entries  name (relative, forward slashes) → lower-case hex SHA-256, in file order
 * @param problems one line per unparsable line ({@code line 3: …})
 */
record Manifest(Map<String, String> entries, List<String> problems) {
    private static final Pattern GNU = Pattern.compile("^([0-9a-fA-F]{64}) ([ *])(.+)$");
    private static final Pattern BSD = Pattern.compile("^SHA256 \\((.+)\\) = ([0-9a-fA-F]{64})$");

    Manifest {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        problems = List.copyOf(problems);
    }

    static Manifest parse(byte[] content) {
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            boolean escaped = line.startsWith("\\");
            String body = escaped ? line.substring(1) : line;
            String hash;
            String name;
            Matcher gnu = GNU.matcher(body);
            Matcher bsd = BSD.matcher(body);
            if (gnu.matches()) {
                hash = gnu.group(1);
                name = gnu.group(3);
            } else if (bsd.matches()) {
                name = bsd.group(1);
                hash = bsd.group(2);
            } else {
                problems.add("line " + (i + 1) + ": not 'SHA256  name' (sha256sum format)");
                continue;
            }
            if (escaped) {
                name = unescape(name);
            }
            if (name.startsWith("./")) {
                name = name.substring(2);
            }
            if (!safe(name)) {
                problems.add("line " + (i + 1) + ": name '" + name + "' leaves the backup folder");
                continue;
            }
            if (entries.putIfAbsent(name, hash.toLowerCase(Locale.ROOT)) != null) {
                problems.add("line " + (i + 1) + ": '" + name + "' is listed twice");
            }
        }
        return new Manifest(entries, problems);
    }

    private static boolean safe(String name) {
        if (name.startsWith("/") || name.contains("\0") || name.matches("^[A-Za-z]:.*")) {
            return false;
        }
        for (String part : name.split("/")) {
            if (part.equals("..") || part.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                char n = name.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
