package io.releasegates.glob;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one glob matcher. Three grammars, each where its texts need it:
 * <ul>
 *   <li>{@link #text}: {@code *} is any run of characters, everything else literal, so rule ids
 *   ({@code RG-SCAN-SECRET-*}), finding subjects and URLs (whose {@code ?} is literal) need no escaping; an empty
 *   text never matches (policies, waivers, probe exceptions);</li>
 *   <li>{@link #name}: {@code *} any run, {@code ?} one character (component purls and OS package names in the
 *   cadence policy);</li>
 *   <li>{@link #path}: paths inside a package: {@code **} crosses folders, {@code *} and {@code ?} do not, a glob
 *   without a slash is matched against the file name alone ({@code *.bak} means "anywhere"), and the
 *   archive separator {@code !/} counts as a folder (scan's allow/deny lists and waiver components).</li>
 * </ul>
 * (The integrity gate's include/exclude filters use the JDK's {@code glob:} {@code PathMatcher} on file-system
 * paths, see {@code integrity.PathFilter}.)
 */
public final class Glob {
    private enum Syntax { TEXT, NAME, PATH }

    private final String glob;
    private final Syntax syntax;
    private final Pattern pattern;
    private final boolean nameOnly;

    private Glob(String glob, Syntax syntax, Pattern pattern) {
        this.glob = glob;
        this.syntax = syntax;
        this.pattern = pattern;
        this.nameOnly = syntax == Syntax.PATH && !glob.contains("/");
    }

    /** {@code *} any run of characters (line breaks too), everything else literal. */
    public static Glob text(String glob) {
        if (glob.indexOf('*') < 0) {
            return new Glob(glob, Syntax.TEXT, null);
        }
        StringBuilder re = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            re.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return new Glob(glob, Syntax.TEXT, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    /** {@code *} any run of characters, {@code ?} one character, everything else literal. */
    public static Glob name(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(glob, Syntax.NAME, Pattern.compile(re.toString()));
    }

    /** A path glob inside a package: {@code **} crosses folders, {@code *} and {@code ?} stay in one. */
    public static Glob path(String glob) {
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
        return new Glob(glob, Syntax.PATH, Pattern.compile(re.toString()));
    }

    /** Path globs, compiled once, for lists that are matched against every entry of a package. */
    public static List<Glob> paths(List<String> globs) {
        return globs.stream().map(Glob::path).toList();
    }

    public boolean matches(String text) {
        return switch (syntax) {
            case TEXT -> text != null && !text.isEmpty() && (pattern == null ? glob.equals(text) : pattern.matcher(text).matches());
            case NAME -> pattern.matcher(text).matches();
            case PATH -> {
                String normal = text.replace("!/", "/");
                yield pattern.matcher(nameOnly ? normal.substring(normal.lastIndexOf('/') + 1) : normal).matches();
            }
        };
    }

    /** True when any of {@code globs} matches {@code text}. */
    public static boolean anyMatches(List<Glob> globs, String text) {
        for (Glob g : globs) {
            if (g.matches(text)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return glob;
    }
}
