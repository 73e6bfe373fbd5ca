package io.releasegates.scan;

import io.releasegates.report.Finding;
import io.releasegates.report.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import io.releasegates.version.Versions;

/**
 * Merges the matchers' claims into one finding per component and advisory: claims whose ids or aliases overlap
 * (GHSA-… with alias CVE-… and the NVD record CVE-…) are the same advisory. The finding's rule id is the CVE id when
 * there is one; it keeps the strongest confidence, every matcher that found it, and NVD's CVSS before OSV's.
 */
final class MatchMerger {
    private MatchMerger() {
    }

    static List<Finding> merge(List<AdvisoryMatch> matches) {
        Map<String, List<AdvisoryMatch>> byComponent = new LinkedHashMap<>();
        for (AdvisoryMatch m : matches) {
            byComponent.computeIfAbsent(m.component().path() + "\u0000" + m.component().subject(), k -> new ArrayList<>()).add(m);
        }
        List<Finding> findings = new ArrayList<>();
        for (List<AdvisoryMatch> group : byComponent.values()) {
            List<Set<String>> idSets = new ArrayList<>();
            List<List<AdvisoryMatch>> clusters = new ArrayList<>();
            for (AdvisoryMatch m : group) {
                Set<String> ids = new TreeSet<>(m.aliases());
                ids.add(m.id());
                List<AdvisoryMatch> cluster = new ArrayList<>(List.of(m));
                // fold every existing cluster that shares an id into this one
                for (int i = idSets.size() - 1; i >= 0; i--) {
                    if (idSets.get(i).stream().anyMatch(ids::contains)) {
                        ids.addAll(idSets.remove(i));
                        cluster.addAll(clusters.remove(i));
                    }
                }
                idSets.add(ids);
                clusters.add(cluster);
            }
            for (int i = 0; i < clusters.size(); i++) {
                findings.add(finding(idSets.get(i), clusters.get(i)));
            }
        }
        return findings;
    }

    private static Finding finding(Set<String> ids, List<AdvisoryMatch> cluster) {
        String ruleId = ids.stream().filter(id -> id.startsWith("CVE-")).findFirst().orElse(ids.iterator().next());
        ScanComponent c = cluster.get(0).component();
        AdvisoryMatch best = cluster.stream().min(Comparator.comparing(AdvisoryMatch::confidence)).orElseThrow();
        Optional<Cvss3> cvss = cluster.stream().filter(m -> m.matcher().equals(AdvisoryMatch.NVD_CPE))
                .map(AdvisoryMatch::cvss).flatMap(Optional::stream).findFirst()
                .or(() -> cluster.stream().map(AdvisoryMatch::cvss).flatMap(Optional::stream).findFirst());
        Severity severity = cvss.map(Cvss3::severity).orElse(Severity.MEDIUM);
        Set<String> matchers = new TreeSet<>();
        // Debian fixed versions in dpkg order (ties by text, so no spelling is lost); Maven's exactly as before
        Set<String> fixed = c.purl().startsWith("pkg:deb/")
                ? new TreeSet<>(Versions.DEBIAN.thenComparing(Comparator.naturalOrder()))
                : new TreeSet<>(Versions.MAVEN);
        Set<String> how = new TreeSet<>();
        Optional<Instant> oldest = Optional.empty();
        for (AdvisoryMatch m : cluster) {
            matchers.add(m.matcher());
            fixed.addAll(m.fixedIn());
            how.add(m.matcher() + ": " + m.how());
            if (m.dataAsOf().isPresent() && (oldest.isEmpty() || m.dataAsOf().get().isBefore(oldest.get()))) {
                oldest = m.dataAsOf();
            }
        }
        String summary = cluster.stream().map(AdvisoryMatch::summary).filter(s -> !s.isBlank())
                .max(Comparator.comparing(String::length)).orElse(ruleId);
        Set<String> aliases = new TreeSet<>(ids);
        aliases.remove(ruleId);
        String fixedText = fixed.isEmpty() ? "" : "; fixed in " + String.join(", ", fixed);
        Finding.Builder b = Finding.builder(ruleId, severity)
                .title(ruleId + (summary.equals(ruleId) ? "" : ": " + shorten(summary)))
                .subject(c.subject()).location(c.path())
                .message(ruleId + (aliases.isEmpty() ? "" : " (" + String.join(", ", aliases) + ")") + " in "
                        + c.coordinates() + fixedText + " — " + shorten(summary))
                .property("advisory", ruleId)
                .property("aliases", String.join(",", aliases))
                .property("purl", c.purl())
                .property("matcher", String.join(",", matchers))
                .property("confidence", best.confidence().label())
                .property("match", String.join(" | ", how))
                .property("fixedIn", String.join(",", fixed));
        cvss.ifPresent(x -> b.property("cvssScore", x.score()).property("cvssVector", x.vector()));
        if (cvss.isEmpty()) {
            b.property("severitySource", "unscored (no CVSS v3 in the data)");
        }
        oldest.ifPresent(t -> b.property("dataAsOf", t));
        return b.build();
    }

    private static String shorten(String text) {
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
