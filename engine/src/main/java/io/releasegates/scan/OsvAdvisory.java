package io.releasegates.scan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One OSV advisory, reduced to what matching and reporting need.
 *
 * @param id       e.g. {@code GHSA-mjmj-j48q-9wg2}
 * @param aliases  other ids of the same advisory, e.g. the CVE id
 * @param summary  one line
 * @param modified when the record last changed (data age)
 * @param cvss     the CVSS v3 severity vector, when the record has one
 * @param affected per Maven package name ({@code group:artifact}) the affected ranges
 */
record OsvAdvisory(String id, Set<String> aliases, String summary, Instant modified, Optional<Cvss3> cvss,
                   List<Affected> affected) {

    OsvAdvisory {
        aliases = Set.copyOf(aliases);
        affected = List.copyOf(affected);
    }

    /**
     * @param packageName Maven {@code group:artifact}
     * @param ranges      ECOSYSTEM ranges, each an ordered list of events
     * @param versions    versions listed one by one
     */
    record Affected(String packageName, List<List<Event>> ranges, Set<String> versions) {
        Affected {
            ranges = ranges.stream().map(List::copyOf).toList();
            versions = Set.copyOf(versions);
        }

        boolean affects(String version) {
            if (versions.stream().anyMatch(v -> MavenVersions.compare(v, version) == 0)) {
                return true;
            }
            return ranges.stream().anyMatch(events -> inEvents(events, version));
        }

        /** Versions that fix the advisory, for the report. */
        List<String> fixedVersions() {
            return ranges.stream().flatMap(List::stream).filter(e -> e.kind() == Event.Kind.FIXED)
                    .map(Event::version).distinct().toList();
        }

        // OSV semantics: walk the events in order; introduced opens, fixed (exclusive) and last_affected (inclusive) close.
        private static boolean inEvents(List<Event> events, String version) {
            boolean affected = false;
            for (Event e : events) {
                switch (e.kind()) {
                    case INTRODUCED -> {
                        if ("0".equals(e.version()) || MavenVersions.compare(version, e.version()) >= 0) {
                            affected = true;
                        }
                    }
                    case FIXED -> {
                        if (MavenVersions.compare(version, e.version()) >= 0) {
                            affected = false;
                        }
                    }
                    case LAST_AFFECTED -> {
                        if (MavenVersions.compare(version, e.version()) > 0) {
                            affected = false;
                        }
                    }
                }
            }
            return affected;
        }
    }

    record Event(Kind kind, String version) {
        enum Kind { INTRODUCED, FIXED, LAST_AFFECTED }
    }
}
