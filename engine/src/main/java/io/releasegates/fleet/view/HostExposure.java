package io.releasegates.fleet.view;

import io.releasegates.fleet.ScannedVersion;
import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.VulnerabilityIndex;
import io.releasegates.fleet.view.ViewModel.HostVulnerabilities;
import io.releasegates.fleet.view.ViewModel.VersionVulnerabilities;
import io.releasegates.report.Severity;
import java.util.Arrays;
import java.util.Optional;

/**
 * The host side of the imported scan facts: a host is exposed through the component versions it runs, so each
 * package takes its version's state from the same {@link VulnerabilityIndex} lookup and the same
 * {@link VulnerabilityJoin#view} the component views use. The hosts view streams every installation of the fleet,
 * so each version's state is worked out once, up front, into an array indexed by version id: counting an
 * installation is then an array read and an increment, not a lookup by purl and version string.
 */
final class HostExposure {
    /** Counters this class keeps in a caller's per-host tally, from the offset the caller gives. */
    static final int SLOTS = 5;
    private static final int VULNERABLE = 0;
    private static final int CHECKED = 1;
    private static final int UNMATCHED = 2;
    private static final int UNSCANNED = 3;
    /** Worst severity seen, as ordinal + 1 (0: none known). */
    private static final int WORST = 4;

    // a version's state: no scan examined it, scanned but unmatched, checked and clean; >= 0 is the worst severity's ordinal
    private static final byte NO_DATA = -3;
    private static final byte NOT_MATCHED = -2;
    private static final byte CLEAN = -1;

    private final VulnerabilityIndex index;
    private final Catalog catalog;
    private final byte[] states;

    HostExposure(VulnerabilityIndex index, Catalog catalog) {
        this.index = index;
        this.catalog = catalog;
        this.states = index.isEmpty() ? new byte[0] : states(index, catalog);
    }

    private static byte[] states(VulnerabilityIndex index, Catalog catalog) {
        int maxId = 0;
        for (Catalog.Component c : catalog.components()) {
            for (Catalog.Version v : catalog.versionsOf(c.id())) {
                maxId = Math.max(maxId, v.id());
            }
        }
        byte[] out = new byte[maxId + 1];
        Arrays.fill(out, NO_DATA);
        for (Catalog.Component c : catalog.components()) {
            for (Catalog.Version v : catalog.versionsOf(c.id())) {
                out[v.id()] = index.lookup(c.key(), v.version()).map(HostExposure::state).orElse(NO_DATA);
            }
        }
        return out;
    }

    // the same three-way split as VulnerabilityJoin.view: unmatched, no advisories, or the worst advisory's severity
    private static byte state(ScannedVersion s) {
        if (!s.matched()) {
            return NOT_MATCHED;
        }
        return s.highest().map(sev -> (byte) sev.ordinal()).orElse(CLEAN);
    }

    boolean scanData() {
        return !index.isEmpty();
    }

    /** What the component views show for this version; empty when no scan examined it. */
    Optional<VersionVulnerabilities> of(Catalog.Version v) {
        if (index.isEmpty()) {
            return Optional.empty();
        }
        return index.lookup(catalog.component(v.componentId()).key(), v.version()).map(VulnerabilityJoin::view);
    }

    /** Counts one package (a version the host runs) into {@code tally} from {@code offset}; nothing without scan data. */
    void count(int[] tally, int offset, int versionId) {
        if (states.length == 0) {
            return;
        }
        byte state = versionId < states.length ? states[versionId] : NO_DATA;
        switch (state) {
            case NO_DATA -> tally[offset + UNSCANNED]++;
            case NOT_MATCHED -> tally[offset + UNMATCHED]++;
            case CLEAN -> tally[offset + CHECKED]++;
            default -> {
                tally[offset + CHECKED]++;
                tally[offset + VULNERABLE]++;
                tally[offset + WORST] = Math.max(tally[offset + WORST], state + 1);
            }
        }
    }

    /** The host's summary from its tally; null without scan data (the views stay as they were). */
    HostVulnerabilities summary(int[] tally, int offset) {
        if (!scanData()) {
            return null;
        }
        int vulnerable = tally[offset + VULNERABLE];
        int checked = tally[offset + CHECKED];
        int unmatched = tally[offset + UNMATCHED];
        int worst = tally[offset + WORST];
        // a count needs at least one package checked against data: otherwise 0 would claim "none known"
        String status = vulnerable > 0 ? VersionVulnerabilities.VULNERABLE
                : checked > 0 ? VersionVulnerabilities.NONE_KNOWN
                : unmatched > 0 ? VersionVulnerabilities.UNMATCHED : HostVulnerabilities.NO_SCAN_DATA;
        return new HostVulnerabilities(status, checked > 0 ? vulnerable : null,
                worst == 0 ? null : Severity.values()[worst - 1].label(), checked, unmatched, tally[offset + UNSCANNED]);
    }
}
