package io.releasegates.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.owasp.dependencycheck.Engine;
import org.owasp.dependencycheck.dependency.Confidence;
import org.owasp.dependencycheck.dependency.Dependency;
import org.owasp.dependencycheck.dependency.Vulnerability;
import org.owasp.dependencycheck.dependency.naming.Identifier;
import org.owasp.dependencycheck.dependency.naming.PurlIdentifier;
import org.owasp.dependencycheck.exception.ExceptionCollection;
import org.owasp.dependencycheck.utils.Settings;

/**
 * The (jar, CVE) pairs Dependency-Check's own engine reports on a package, run as dependency-check-maven runs it on a
 * file (all file analyzers, every network analyzer off) against an existing database that it must not update: the one
 * {@code release-gates scan} imported, so that both read the same NVD data.
 */
final class DependencyCheckPairs {
    private static final String[] OFF = {
        Settings.KEYS.ANALYZER_CENTRAL_ENABLED, Settings.KEYS.ANALYZER_NEXUS_ENABLED,
        Settings.KEYS.ANALYZER_ARTIFACTORY_ENABLED, Settings.KEYS.ANALYZER_OSSINDEX_ENABLED,
        Settings.KEYS.ANALYZER_RETIREJS_ENABLED, Settings.KEYS.ANALYZER_NODE_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_YARN_AUDIT_ENABLED, Settings.KEYS.ANALYZER_PNPM_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_KNOWN_EXPLOITED_ENABLED, Settings.KEYS.HOSTED_SUPPRESSIONS_ENABLED,
        Settings.KEYS.ANALYZER_BUNDLE_AUDIT_ENABLED, Settings.KEYS.ANALYZER_ASSEMBLY_ENABLED,
        Settings.KEYS.ANALYZER_GOLANG_MOD_ENABLED, Settings.KEYS.ANALYZER_MIX_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_NODE_PACKAGE_ENABLED, Settings.KEYS.UPDATE_VERSION_CHECK_ENABLED,
    };

    private static final Pattern ARCHIVE = Pattern.compile(".+\\.(jar|war|ear|rar|sar|aar|hpi|jpi)", Pattern.CASE_INSENSITIVE);

    private DependencyCheckPairs() {
    }

    /**
     * What Dependency-Check made of a package.
     *
     * @param pairs         "jar CVE" pairs it reports
     * @param mavenPackages per jar, the Maven coordinates ("group:artifact@version") its own analysis read from the
     *                      jar's Maven metadata (high-confidence package URLs): an identification independent of ours
     */
    record Report(Set<String> pairs, Map<String, Set<String>> mavenPackages) {
    }

    static Report of(Path pkg, Path dataDir, Path tmp) throws IOException, ExceptionCollection {
        Settings settings = new Settings();
        settings.setString(Settings.KEYS.DATA_DIRECTORY, dataDir.toString());
        settings.setString(Settings.KEYS.H2_DATA_DIRECTORY, dataDir.toString());
        settings.setString(Settings.KEYS.TEMP_DIRECTORY, Files.createDirectories(tmp).toString());
        settings.setBoolean(Settings.KEYS.AUTO_UPDATE, false);
        for (String key : OFF) {
            settings.setBoolean(key, false);
        }
        Set<String> pairs = new TreeSet<>();
        Map<String, Set<String>> mavenPackages = new TreeMap<>();
        try (Engine engine = new Engine(Engine.Mode.STANDALONE, settings)) {
            engine.openDatabase(false, false);
            engine.scan(pkg.toFile());
            try {
                engine.analyzeDependencies();
            } catch (ExceptionCollection e) {
                // per-file problems are collected and the analysis goes on, as in dependency-check-maven
                if (e.isFatal()) {
                    throw e;
                }
            }
            for (Dependency d : engine.getDependencies()) {
                String jar = jarOf(d.getFilePath(), pkg.getFileName().toString());
                for (Vulnerability v : d.getVulnerabilities()) {
                    pairs.add(jar + " " + v.getName());
                }
                for (Identifier id : d.getSoftwareIdentifiers()) {
                    if (id instanceof PurlIdentifier purl && purl.toString().startsWith("pkg:maven/")
                            && purl.getConfidence().compareTo(Confidence.HIGH) <= 0) {
                        mavenPackages.computeIfAbsent(jar, j -> new TreeSet<>())
                                .add(purl.getNamespace() + ":" + purl.getName() + "@" + purl.getVersion());
                    }
                }
            }
        } finally {
            settings.cleanup(true);
        }
        return new Report(pairs, mavenPackages);
    }

    /**
     * The innermost Java archive a location points into ("lib/x.jar!/a/b.properties" → "x.jar"; a shaded library
     * counts for its jar, a nested WAR's own Maven identity for that WAR), else the package itself.
     */
    static String jarOf(String location, String pkg) {
        String jar = pkg;
        for (String part : location.replace('\\', '/').replace("!/", "/").split("/")) {
            if (ARCHIVE.matcher(part).matches()) {
                jar = part;
            }
        }
        return jar;
    }

    /**
     * The entries of a reviewed list for {@code pkg}, as "second third" field strings (lines "PACKAGE X Y reason…",
     * # comments): "jar CVE" pairs, or "rule location" secret findings. The third field starts with {@code idPrefix}.
     */
    static Set<String> reviewed(Path file, String pkg, String idPrefix) throws IOException {
        Set<String> pairs = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] f = entry.split("\\s+", 4);
            // an entry without its reason was not reviewed
            String id = idPrefix.equals("CVE-") ? f.length > 2 ? f[2] : "" : f.length > 1 ? f[1] : "";
            if (f.length < 4 || !id.startsWith(idPrefix)) {
                throw new IllegalArgumentException(file + ": not 'PACKAGE " + (idPrefix.equals("CVE-")
                        ? "JAR CVE-ID" : "RULE-ID LOCATION") + " reason': " + entry);
            }
            if (f[0].equals(pkg)) {
                pairs.add(f[1] + " " + f[2]);
            }
        }
        return pairs;
    }
}
