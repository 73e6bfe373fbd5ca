package io.releasegates.scan;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.releasegates.version.Versions;

/**
 * One OSV advisory, reduced to what matching and reporting need.
 *
 * @param id       e.g. {@code GHSA-mjmj-j48q-9wg2}
 * @param aliases  other ids of the same advisory, e.g. the CVE id
 * @param summary  one line
 * @param modified when the record last changed (data age)
 * @param cvss     the CVSS v3 severity vector, when the record has one
 * @param affected per package (Maven {@code group:artifact}, or a Debian source package of one release) the ranges
 */
record OsvAdvisory(String id, Set<String> aliases, String summary, Instant modified, Optional<Cvss3> cvss,
                   List<Affected> affected) {

    OsvAdvisory {
        aliases = Set.copyOf(aliases);
        affected = List.copyOf(affected);
    }

    /**
     * @param ecosystem   {@code Maven}, or {@code Debian:<release number>} (e.g. {@code Debian:12})
     * @param packageName Maven {@code group:artifact}; for Debian the source package name
     * @param ranges      ECOSYSTEM ranges, each an ordered list of events
     * @param versions    versions listed one by one
     */
    record Affected(String ecosystem, String packageName, List<List<Event>> ranges, Set<String> versions) {
        static final String MAVEN = "Maven";
        static final String DEBIAN_PREFIX = "Debian:";

        Affected {
            ranges = ranges.stream().map(List::copyOf).toList();
            versions = Set.copyOf(versions);
        }

        Affected(String packageName, List<List<Event>> ranges, Set<String> versions) {
            this(MAVEN, packageName, ranges, versions);
        }

        boolean maven() {
            return MAVEN.equals(ecosystem);
        }

        /** dpkg's ordering for Debian ranges (epochs, '~'), Maven's for Maven ones. */
        Comparator<String> order() {
            return Versions.order(ecosystem);
        }

        boolean affects(String version) {
            Comparator<String> order = order();
            if (versions.stream().anyMatch(v -> order.compare(v, version) == 0)) {
                return true;
            }
            return ranges.stream().anyMatch(events -> inEvents(events, version, order));
        }

        /** Versions that fix the advisory, for the report. */
        List<String> fixedVersions() {
            return ranges.stream().flatMap(List::stream).filter(e -> e.kind() == Event.Kind.FIXED)
                    .map(Event::version).distinct().toList();
        }

        // OSV semantics: walk the events in order; introduced opens, fixed (exclusive) and last_affected (inclusive) close.
        private static boolean inEvents(List<Event> events, String version, Comparator<String> order) {
            boolean affected = false;
            for (Event e : events) {
                switch (e.kind()) {
                    case INTRODUCED -> {
                        if ("0".equals(e.version()) || order.compare(version, e.version()) >= 0) {
                            affected = true;
                        }
                    }
                    case FIXED -> {
                        if (order.compare(version, e.version()) >= 0) {
                            affected = false;
                        }
                    }
                    case LAST_AFFECTED -> {
                        if (order.compare(version, e.version()) > 0) {
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
