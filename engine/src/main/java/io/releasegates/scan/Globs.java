package io.releasegates.scan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Path globs over paths inside a package ({@code **} crosses folders, {@code *} and {@code ?} do not); a glob
 * without a slash is matched against the file name alone, so {@code *.bak} means "anywhere".
 */
final class Globs {
    private final List<Pattern> patterns;
    private final List<Boolean> nameOnly;

    Globs(List<String> globs) {
        this.patterns = globs.stream().map(Globs::compile).toList();
        this.nameOnly = globs.stream().map(g -> !g.contains("/")).toList();
    }

    boolean matches(String path) {
        String normal = path.replace("!/", "/");
        String name = normal.substring(normal.lastIndexOf('/') + 1);
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(nameOnly.get(i) ? name : normal).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    re.append("/?");
                }
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
