package io.releasegates.inventory;

import io.releasegates.report.BadInputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds a jar's exact Maven coordinates from its SHA-1 in a local Maven repository (the layout {@code ~/.m2/repository}
 * has). Many jars carry no Maven metadata (Spring Framework, the PostgreSQL driver, H2…); their bytes still match the
 * artifact a build downloaded, which identifies them exactly.
 *
 * <p>Costs are paid lazily: the first lookup lists the repository's jars (names only); a lookup then hashes only
 * jars with the same file name (the {@code .sha1} file next to a jar is read instead when present); only a jar
 * whose name matches nothing (renamed) makes the whole repository hashed, once, and the result is cached in
 * {@code ~/.cache/release-gates/} keyed by path, size and modification time. Jars found by name are added to that
 * cache too, and a lookup first tries the cache: a cached jar still there with the same size and modification time
 * is trusted without listing the repository; anything else (moved, changed, never seen) is looked up as before.
 */
public final class MavenRepositoryIndex {
    private final Path repository;
    private final Path cacheFile;
    private Map<String, List<Path>> byFileName;
    private final Map<Path, String> sha1s = new ConcurrentHashMap<>();
    private Map<String, Path> bySha1;
    /** The cache file's text (with a leading newline), read once, on the first lookup. */
    private String cacheText;
    /** The cache as relative path → {sha1, stamp}: parsed from {@link #cacheText} when a write needs it, then kept. */
    private Map<String, String[]> cacheEntries;

    /**
     * @param cacheDir where the full SHA-1 index may be cached; null for no cache (tests only: every caller outside
     *                 this package goes through {@link #forRepository}, which always caches)
     */
    MavenRepositoryIndex(Path repository, Path cacheDir) {
        this.repository = repository.toAbsolutePath().normalize();
        this.cacheFile = cacheDir == null ? null : cacheDir.resolve("m2-sha1-"
                + io.releasegates.files.Digests.sha256(this.repository.toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 16) + ".tsv");
    }

    /** The repository Maven itself would use: {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
    public static Path defaultRepository() {
        String local = System.getProperty("maven.repo.local");
        return local != null && !local.isBlank() ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * The index every front door uses (CLI, plugin, {@code check}, the scan): {@code repository} when one is given,
     * else the {@link #defaultRepository} when that directory exists, else none (empty: identification goes on
     * without SHA-1 lookups). Always with the SHA-1 cache in {@code $XDG_CACHE_HOME/release-gates} (or
     * {@code ~/.cache/…}), so a repeated lookup lists no repository.
     *
     * @param repository a repository named by the user, or null for the default
     * @throws BadInputException when a named repository is not a directory: a mistyped path would otherwise
     *                           quietly identify fewer jars
     */
    public static Optional<MavenRepositoryIndex> forRepository(Path repository) {
        return forRepository(repository, defaultRepository(), defaultCacheDir());
    }

    static Optional<MavenRepositoryIndex> forRepository(Path repository, Path defaultRepository, Path cacheDir) {
        if (repository != null) {
            if (!Files.isDirectory(repository)) {
                throw new BadInputException(repository + ": no such Maven repository directory");
            }
            return Optional.of(new MavenRepositoryIndex(repository, cacheDir));
        }
        return Files.isDirectory(defaultRepository) ? Optional.of(new MavenRepositoryIndex(defaultRepository, cacheDir))
                : Optional.empty();
    }

    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("release-gates");
    }

    public Path repository() {
        return repository;
    }

    /** Where this index caches SHA-1s; empty when it does not. */
    Optional<Path> cacheFile() {
        return Optional.ofNullable(cacheFile);
    }

    /** Coordinates of the repository jar whose SHA-1 is {@code sha1}; tries jars named {@code fileName} first. */
    public synchronized Optional<MavenCoordinates> find(String fileName, String sha1) {
        if (!Files.isDirectory(repository)) {
            return Optional.empty();
        }
        Optional<MavenCoordinates> known = cachedLocation(fileName, sha1);
        if (known.isPresent()) {
            return known;
        }
        for (Path candidate : byFileName().getOrDefault(fileName, List.of())) {
            if (sha1.equalsIgnoreCase(sha1Of(candidate))) {
                Optional<MavenCoordinates> c = coordinates(candidate);
                if (c.isPresent()) {
                    remember(candidate, sha1);
                    return c;
                }
            }
        }
        Path match = bySha1().get(sha1.toLowerCase(java.util.Locale.ROOT));
        return match == null ? Optional.empty() : coordinates(match);
    }

    /**
     * The jar the cache file says has this SHA-1 and this file name, if it is still there unchanged (same size and
     * modification time as when it was hashed): listing a large repository costs more than a whole warm scan's walk
     * of the package, and most lookups ask for the same few jars again. Anything else falls back to the listing.
     */
    private Optional<MavenCoordinates> cachedLocation(String fileName, String sha1) {
        String cacheText = cacheText();
        // lines are "sha1 TAB size:mtime TAB relative path"; a plain search beats parsing thousands of lines
        String key = "\n" + sha1.toLowerCase(java.util.Locale.ROOT) + '\t';
        for (int at = cacheText.indexOf(key); at >= 0; at = cacheText.indexOf(key, at + 1)) {
            int end = cacheText.indexOf('\n', at + 1);
            String[] parts = cacheText.substring(at + 1, end < 0 ? cacheText.length() : end).split("\t", 3);
            if (parts.length < 3 || !fileNameOf(parts[2]).equals(fileName)) {
                continue;
            }
            Path jar = repository.resolve(parts[2]).normalize();
            if (jar.startsWith(repository) && Files.isRegularFile(jar) && stamp(jar).equals(parts[1])) {
                Optional<MavenCoordinates> c = coordinates(jar);
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        return Optional.empty();
    }

    private static String fileNameOf(String rel) {
        int slash = Math.max(rel.lastIndexOf('/'), rel.lastIndexOf(java.io.File.separatorChar));
        return rel.substring(slash + 1);
    }

    /** Adds a jar found by name to the cache file, so that the next lookup of it needs no listing. */
    private synchronized void remember(Path jar, String sha1) {
        if (cacheFile == null) {
            return;
        }
        String rel = repository.relativize(jar).toString();
        Map<String, String[]> known = cacheEntries();
        String stamp = stamp(jar);
        String[] old = known.get(rel);
        if (stamp.isEmpty() || old != null && old[1].equals(stamp)) {
            return;
        }
        known.put(rel, new String[] {sha1.toLowerCase(java.util.Locale.ROOT), stamp});
        List<String> lines = new ArrayList<>();
        known.forEach((path, hit) -> lines.add(hit[0] + '\t' + hit[1] + '\t' + path));
        writeCache(lines);
    }

    private Map<String, List<Path>> byFileName() {
        if (byFileName == null) {
            Map<String, List<Path>> map = new HashMap<>();
            try (Stream<Path> files = Files.walk(repository)) {
                files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                        .forEach(p -> map.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>()).add(p));
            } catch (IOException | UncheckedIOException e) {
                // an unreadable corner of the repository only means fewer exact matches
            }
            byFileName = map;
        }
        return byFileName;
    }

    private Map<String, Path> bySha1() {
        if (bySha1 == null) {
            Map<String, String[]> cached = cacheEntries();
            Map<String, String[]> fresh = new HashMap<>();
            Map<String, Path> map = new HashMap<>();
            List<String> lines = new ArrayList<>();
            for (List<Path> jars : byFileName().values()) {
                for (Path jar : jars) {
                    String rel = repository.relativize(jar).toString();
                    String stamp = stamp(jar);
                    String[] hit = cached.get(rel);
                    String sha1 = hit != null && hit[1].equals(stamp) ? hit[0] : sha1Of(jar);
                    if (!sha1.isEmpty()) {
                        map.putIfAbsent(sha1, jar);
                        fresh.put(rel, new String[] {sha1, stamp});
                        lines.add(sha1 + '\t' + stamp + '\t' + rel);
                    }
                }
            }
            if (!lines.isEmpty() || !cached.isEmpty()) {
                // a repository without jars needs no cache file (each throwaway empty repository would leave one)
                writeCache(lines);
            }
            synchronized (this) {
                cacheEntries = fresh;
            }
            bySha1 = map;
        }
        return bySha1;
    }

    private String sha1Of(Path jar) {
        return sha1s.computeIfAbsent(jar, p -> {
            Path side = p.resolveSibling(p.getFileName() + ".sha1");
            try {
                if (Files.isRegularFile(side) && Files.size(side) < 4096) {
                    String text = Files.readString(side, StandardCharsets.US_ASCII).trim();
                    String first = text.isEmpty() ? "" : text.split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
                    if (first.matches("[0-9a-f]{40}")) {
                        return first;
                    }
                }
                return DigestingStream.of(p).sha1();
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** {@code g/r/o/u/p/artifact/version/artifact-version[-classifier].jar} back into coordinates. */
    Optional<MavenCoordinates> coordinates(Path jar) {
        List<String> parts = new ArrayList<>();
        repository.relativize(jar).forEach(p -> parts.add(p.toString()));
        return MavenCoordinates.fromRepositoryPath(String.join("/", parts));
    }

    private static String stamp(Path jar) {
        try {
            return Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return "";
        }
    }

    private synchronized String cacheText() {
        if (cacheText == null) {
            try {
                cacheText = cacheFile != null && Files.isRegularFile(cacheFile)
                        ? "\n" + Files.readString(cacheFile, StandardCharsets.UTF_8) : "";
            } catch (IOException | UncheckedIOException e) {
                cacheText = ""; // a damaged cache is rebuilt
            }
        }
        return cacheText;
    }

    private synchronized Map<String, String[]> cacheEntries() {
        if (cacheEntries == null) {
            Map<String, String[]> map = new HashMap<>();
            cacheText().lines().map(l -> l.split("\t", 3)).filter(p -> p.length == 3)
                    .forEach(p -> map.put(p[2], new String[] {p[0], p[1]}));
            cacheEntries = map;
        }
        return cacheEntries;
    }

    private void writeCache(List<String> lines) {
        if (cacheFile == null) {
            return;
        }
        AtomicCacheFile.replace(cacheFile, "m2-sha1", tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String line : lines) {
                    w.write(line);
                    w.newLine();
                }
            }
        });
    }
}
