package io.releasegates.scan;

import com.fasterxml.jackson.core.type.TypeReference;
import io.releasegates.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.owasp.dependencycheck.dependency.Dependency;
import org.owasp.dependencycheck.dependency.Vulnerability;
import org.owasp.dependencycheck.dependency.VulnerableSoftware;
import org.owasp.dependencycheck.dependency.naming.CpeIdentifier;
import org.owasp.dependencycheck.dependency.naming.Identifier;
import org.owasp.dependencycheck.dependency.naming.PurlIdentifier;

/**
 * What the scan keeps of Dependency-Check's evidence-based analysis, per jar, and a cache of it in the data dir.
 * Dependency-Check's answer for a jar depends on the jar (its SHA-1), the file name it is analysed under (the package's
 * own, see {@link JarExtractor}) and the NVD data, so it is kept per SHA-1 (a jar shipped under another name is rare)
 * under a key of the database's state: a warm scan of the same package on the same data builds no Dependency-Check
 * engine at all, and any import (new feed, API update) starts a new key.
 */
final class DcAnalysis {
    /** The cache's folder in the data dir; one subfolder per database state, the older ones removed. */
    static final String CACHE_DIR = "release-gates-dc-analysis";
    // 2: jars are analysed under their own file names (JarExtractor), which Dependency-Check reads as evidence
    private static final String FORMAT = "2";
    /** A jar JarExtractor wrote ({@code <sha1>/<name>}), or one Dependency-Check unpacked from it, by its path. */
    private static final Pattern EXTRACTED = Pattern.compile("[/\\\\]([0-9a-f]{40})[/\\\\]");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    /**
     * One Dependency-Check dependency, flattened: a jar Dependency-Check bundled under another one's dependency
     * (spring-beans under spring-core) gets the bundle's CPEs and CVEs.
     *
     * @param jarSha1 SHA-1 of the jar it came from (the extracted file's name), empty when unknown
     * @param sha1    the dependency's own SHA-1 (the jar's, or that of an embedded pom.xml)
     * @param pairs   vendor:product of every CPE Dependency-Check identified
     */
    record Result(String jarSha1, String sha1, List<String> purls, String fileName, String version, List<String> pairs,
                  List<Cve> vulnerabilities) {
        Result {
            purls = List.copyOf(purls);
            pairs = List.copyOf(pairs);
            vulnerabilities = List.copyOf(vulnerabilities);
        }
    }

    /** A CVE Dependency-Check reports, with the vendor:product and full CPE it matched through. */
    record Cve(String id, String pair, String cpe, String summary, String cvssVector) {
    }

    private DcAnalysis() {
    }

    /** Dependency-Check's dependencies as results; only those with a CPE or a vulnerability. */
    static List<Result> results(List<Dependency> dependencies) {
        List<Result> out = new ArrayList<>();
        for (Dependency d : dependencies) {
            List<String> pairs = new ArrayList<>();
            for (Identifier id : d.getVulnerableSoftwareIdentifiers()) {
                if (id instanceof CpeIdentifier cpe && cpe.getCpe() != null) {
                    pairs.add(cpe.getCpe().getVendor() + ":" + cpe.getCpe().getProduct());
                }
            }
            List<Cve> cves = new ArrayList<>();
            for (Vulnerability v : d.getVulnerabilities()) {
                VulnerableSoftware vs = v.getMatchedVulnerableSoftware();
                String description = v.getDescription() == null ? "" : v.getDescription();
                String vector = cvss(v).map(Cvss3::vector).orElse("");
                cves.add(new Cve(v.getName(), vs == null ? "" : vs.getVendor() + ":" + vs.getProduct(),
                        vs == null ? "" : vs.toCpe23FS(), description.lines().findFirst().orElse(""), vector));
            }
            if (pairs.isEmpty() && cves.isEmpty()) {
                continue;
            }
            List<Dependency> jars = new ArrayList<>(List.of(d));
            jars.addAll(d.getRelatedDependencies());
            for (Dependency jar : jars) {
                List<String> purls = new ArrayList<>();
                for (Identifier id : jar.getSoftwareIdentifiers()) {
                    if (id instanceof PurlIdentifier purl) {
                        purls.add(purl.getValue());
                    }
                }
                String path = jar.getFilePath() == null ? "" : jar.getFilePath();
                Matcher m = EXTRACTED.matcher(path);
                out.add(new Result(m.find() ? m.group(1) : "", jar.getSha1sum() == null ? "" : jar.getSha1sum(), purls,
                        jar.getFileName() == null ? "" : jar.getFileName(), jar.getVersion() == null ? "" : jar.getVersion(),
                        pairs, cves));
            }
        }
        return List.copyOf(out);
    }

    /** The CVSS v3 vector Dependency-Check holds for the CVE, when it has a valid one. */
    static Optional<Cvss3> cvss(Vulnerability v) {
        if (v.getCvssV3() == null || v.getCvssV3().getCvssData() == null) {
            return Optional.empty();
        }
        return Cvss3.parse(v.getCvssV3().getCvssData().getVectorString());
    }

    /** A cache in {@code dataDir} for the database whose properties table holds {@code properties}. */
    static Cache cache(Path dataDir, Map<String, String> properties) {
        StringBuilder state = new StringBuilder(FORMAT).append('\n')
                .append(String.valueOf(Dependency.class.getPackage().getImplementationVersion())).append('\n');
        new TreeMap<>(properties).forEach((k, v) -> state.append(k).append('=').append(v).append('\n'));
        return new Cache(dataDir.resolve(CACHE_DIR), sha256(state.toString()).substring(0, 16));
    }

    /** Per-jar results of one database state; unreadable or missing entries are simply analysed again. */
    static final class Cache {
        private final Path root;
        private final Path dir;

        private Cache(Path root, String key) {
            this.root = root;
            this.dir = root.resolve(key);
        }

        /** The cached results for the jar, empty when it was never analysed on this data. */
        Optional<List<Result>> get(String jarSha1) {
            Path file = dir.resolve(jarSha1 + ".json");
            if (!SHA1.matcher(jarSha1).matches() || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(List.copyOf(Json.mapper().readValue(file.toFile(), new TypeReference<List<Result>>() { })));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** Records every analysed jar, with nothing found too (so it is not analysed again). */
        void put(Set<String> analysedSha1s, List<Result> results) {
            Map<String, List<Result>> byJar = new LinkedHashMap<>();
            analysedSha1s.forEach(s -> byJar.put(s, new ArrayList<>()));
            for (Result r : results) {
                if (byJar.containsKey(r.jarSha1())) {
                    byJar.get(r.jarSha1()).add(r);
                }
            }
            try {
                dropOtherStates();
                Files.createDirectories(dir);
                for (Map.Entry<String, List<Result>> e : byJar.entrySet()) {
                    if (!SHA1.matcher(e.getKey()).matches()) {
                        continue;
                    }
                    // written aside and moved, so a concurrent scan never reads half a file
                    Path tmp = Files.createTempFile(dir, e.getKey(), ".tmp");
                    Files.writeString(tmp, Json.mapper().writeValueAsString(e.getValue()), StandardCharsets.UTF_8);
                    Files.move(tmp, dir.resolve(e.getKey() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                // without the cache the next scan asks Dependency-Check again
            }
        }

        private void dropOtherStates() throws IOException {
            if (!Files.isDirectory(root)) {
                return;
            }
            try (Stream<Path> states = Files.list(root)) {
                for (Path state : states.filter(p -> !p.equals(dir)).toList()) {
                    try (Stream<Path> files = Files.walk(state)) {
                        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
    }

    /**
     * Dependency-Check's results for {@code jars} (components with a SHA-1), from the cache where it has them, else by
     * extracting those jars from {@code pkg} and analysing them with {@code analyzer} (then cached). The cache and
     * the analyzer are handed in ({@link NvdDatabase#analysisCache}, {@link NvdDatabase#analyze}), so that this class
     * and the database do not depend on each other.
     */
    static List<Result> analyse(Cache cache, Function<Path, List<Result>> analyzer, Path pkg, List<ScanComponent> jars,
                                long maxBytes, java.util.function.Consumer<String> progress) {
        List<Result> out = new ArrayList<>();
        List<ScanComponent> todo = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ScanComponent c : jars) {
            if (seen.add(c.sha1())) {
                cache.get(c.sha1()).ifPresentOrElse(out::addAll, () -> todo.add(c));
            }
        }
        if (todo.isEmpty()) {
            return List.copyOf(out);
        }
        progress.accept("Dependency-Check analysis of " + todo.size() + " jar(s) (" + (seen.size() - todo.size()) + " known from earlier scans)");
        try (JarExtractor extracted = JarExtractor.extract(pkg, todo, maxBytes)) {
            if (!extracted.isEmpty()) {
                List<Result> fresh = analyzer.apply(extracted.dir());
                cache.put(extracted.sha1s(), fresh);
                out.addAll(fresh);
            }
        }
        return List.copyOf(out);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
