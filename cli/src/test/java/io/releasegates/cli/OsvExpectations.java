package io.releasegates.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * The (jar, advisory) pairs a folder of OSV records implies for jars whose Maven coordinates are known, worked out
 * here from the records' own text with Maven's version order, not with the scanner's OSV matcher: what every
 * OSV-affected jar of a package must be reported with. A record names its CVE alias when it has one, as the scan's
 * findings do.
 */
final class OsvExpectations {
    /** One affected Maven package of a record: its ranges (events in order) and the versions it lists one by one. */
    private record Affected(String advisory, String packageName, List<JsonNode> ranges, Set<String> versions) {
    }

    private final List<Affected> affected;

    private OsvExpectations(List<Affected> affected) {
        this.affected = List.copyOf(affected);
    }

    static OsvExpectations read(Path folder) throws IOException {
        List<Affected> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode osv = Json.mapper().readTree(file.toFile());
                String advisory = osv.path("id").asText();
                for (JsonNode alias : osv.path("aliases")) {
                    if (alias.asText().startsWith("CVE-")) {
                        advisory = alias.asText();
                    }
                }
                for (JsonNode a : osv.path("affected")) {
                    if (!"Maven".equals(a.path("package").path("ecosystem").asText())) {
                        continue;
                    }
                    List<JsonNode> ranges = new ArrayList<>();
                    a.path("ranges").forEach(ranges::add);
                    Set<String> versions = new TreeSet<>();
                    a.path("versions").forEach(v -> versions.add(v.asText()));
                    all.add(new Affected(advisory, a.path("package").path("name").asText(), ranges, versions));
                }
            }
        }
        return new OsvExpectations(all);
    }

    /** "jar ADVISORY" for every jar whose coordinates ("group:artifact@version") some record's ranges take in. */
    Set<String> pairs(Map<String, Set<String>> mavenPackagesByJar) {
        Set<String> pairs = new TreeSet<>();
        mavenPackagesByJar.forEach((jar, coordinates) -> {
            for (String gav : coordinates) {
                int at = gav.lastIndexOf('@');
                String name = gav.substring(0, at);
                String version = gav.substring(at + 1);
                for (Affected a : affected) {
                    if (a.packageName().equals(name) && isAffected(a, version)) {
                        pairs.add(jar + " " + a.advisory());
                    }
                }
            }
        });
        return pairs;
    }

    private static boolean isAffected(Affected a, String version) {
        ComparableVersion v = new ComparableVersion(version);
        if (a.versions().stream().anyMatch(listed -> new ComparableVersion(listed).equals(v))) {
            return true;
        }
        for (JsonNode range : a.ranges()) {
            // OSV: events in order; "introduced" opens a span, "fixed" closes it (exclusive), "last_affected" (inclusive)
            boolean inside = false;
            for (JsonNode event : range.path("events")) {
                if (event.has("introduced")) {
                    String from = event.get("introduced").asText();
                    inside = from.equals("0") || v.compareTo(new ComparableVersion(from)) >= 0;
                } else if (inside && event.has("fixed")) {
                    if (v.compareTo(new ComparableVersion(event.get("fixed").asText())) < 0) {
                        return true;
                    }
                    inside = false;
                } else if (inside && event.has("last_affected")) {
                    if (v.compareTo(new ComparableVersion(event.get("last_affected").asText())) <= 0) {
                        return true;
                    }
                    inside = false;
                }
            }
            if (inside) {
                return true;
            }
        }
        return false;
    }
}
