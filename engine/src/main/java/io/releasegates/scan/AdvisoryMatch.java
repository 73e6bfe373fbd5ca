package io.releasegates.scan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One matcher's claim that an advisory affects a component, before merging.
 *
 * @param component the component
 * @param id        the advisory id in the matcher's data (CVE id for NVD, e.g. GHSA id for OSV)
 * @param aliases   other ids of the same advisory
 * @param matcher   {@code nvd-cpe}, {@code osv-purl} or {@code osv-debian} (a Debian binary package through its source)
 * @param confidence how the match was made
 * @param how       the evidence, e.g. the CPE rule or the OSV package and range
 * @param summary   one line
 * @param cvss      CVSS v3, when the data has it
 * @param fixedIn   versions that fix it, when known
 * @param dataAsOf  age of the data it came from
 */
record AdvisoryMatch(ScanComponent component, String id, Set<String> aliases, String matcher, Confidence confidence,
                     String how, String summary, Optional<Cvss3> cvss, List<String> fixedIn, Optional<Instant> dataAsOf) {

    static final String NVD_CPE = "nvd-cpe";
    static final String OSV_PURL = "osv-purl";
    static final String OSV_DEBIAN = "osv-debian";

    AdvisoryMatch {
        aliases = Set.copyOf(aliases);
        fixedIn = List.copyOf(fixedIn);
    }

    /**
     * Strongest first, so that the merged finding keeps the best: an exact purl (OSV); a CPE our exact mapping and
     * Dependency-Check's evidence both name; a CPE from our exact mapping alone; a CPE from Dependency-Check's
     * evidence alone.
     */
    enum Confidence {
        EXACT_PURL("exact-purl"), CPE_CONFIRMED("cpe-confirmed"), CPE_VERSION("cpe-version"), FUZZY_CPE("fuzzy-cpe");

        private final String label;

        Confidence(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }
}
