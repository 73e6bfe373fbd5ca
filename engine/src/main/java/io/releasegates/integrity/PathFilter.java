package io.releasegates.integrity;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Include and exclude globs over paths relative to the tree root ({@code /}-separated). A glob without {@code /}
 * matches a name at any depth ({@code *.log}, {@code .git}), as in .gitignore, and so covers everything below a
 * matching directory; a glob with {@code /} matches the relative path ({@code conf/*.xml}, {@code cache/**}) or a
 * directory above it; a leading {@code /} anchors a glob at the root ({@code /.git}). An excluded directory is not entered at all. With includes, only paths matching one are
 * kept; directories are still walked. Exclusion wins over inclusion.
 */
public final class PathFilter {
    public static final PathFilter ALL = new PathFilter(List.of(), List.of());

    private final List<String> includes;
    private final List<String> excludes;
    private final List<Glob> includeGlobs;
    private final List<Glob> excludeGlobs;

    public PathFilter(List<String> includes, List<String> excludes) {
        this.includes = List.copyOf(includes == null ? List.of() : includes);
        this.excludes = List.copyOf(excludes == null ? List.of() : excludes);
        this.includeGlobs = this.includes.stream().map(Glob::compile).toList();
        this.excludeGlobs = this.excludes.stream().map(Glob::compile).toList();
    }

    public List<String> includes() {
        return includes;
    }

    public List<String> excludes() {
        return excludes;
    }

    /** This filter with more excludes, e.g. check-time excludes on top of the ones the baseline recorded. */
    public PathFilter withExcludes(List<String> more) {
        List<String> all = new ArrayList<>(excludes);
        more.stream().filter(g -> !all.contains(g)).forEach(all::add);
        return new PathFilter(includes, all);
    }

    public boolean isExcluded(String relativePath) {
        return matchesAny(excludeGlobs, relativePath);
    }

    /** True when the path is recorded: not excluded, and included when there are includes. */
    public boolean keeps(String relativePath) {
        return !isExcluded(relativePath) && (includeGlobs.isEmpty() || matchesAny(includeGlobs, relativePath));
    }

    private static boolean matchesAny(List<Glob> globs, String relativePath) {
        if (globs.isEmpty()) {
            return false;
        }
        Path path = Path.of(relativePath);
        for (Glob glob : globs) {
            if (glob.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PathFilter[includes=" + includes + ", excludes=" + excludes + "]";
    }

    private record Glob(PathMatcher matcher, boolean wholePath) {
        static Glob compile(String glob) {
            if (glob == null || glob.isBlank()) {
                throw new IllegalArgumentException("empty glob");
            }
            String g = glob.startsWith("/") ? glob.substring(1) : glob;
            g = g.endsWith("/") ? g.substring(0, g.length() - 1) : g;
            try {
                return new Glob(FileSystems.getDefault().getPathMatcher("glob:" + g), glob.startsWith("/") || g.contains("/"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid glob '" + glob + "': " + e.getMessage(), e);
            }
        }

        /** Matches the path itself or any directory above it, by whole relative path or by name. */
        boolean matches(Path path) {
            for (Path p = path; p != null; p = p.getParent()) {
                Path subject = wholePath ? p : p.getFileName();
                if (subject != null && matcher.matches(subject)) {
                    return true;
                }
            }
            return false;
        }
    }
}
