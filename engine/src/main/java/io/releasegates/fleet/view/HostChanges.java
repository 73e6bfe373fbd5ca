package io.releasegates.fleet.view;

import java.time.Instant;
import java.util.List;

/**
 * What changed on one host, report by report, newest first: the answer to "what was updated on web-1 last night".
 *
 * @param changes one per kept snapshot; the oldest kept one is marked {@code earliest} (the host's first report, or
 *                the first one left after {@code fleet prune}) and lists no packages, only their number
 */
public record HostChanges(String host, String environment, String role, Instant generatedAt, List<Change> changes) {
    public HostChanges {
        changes = List.copyOf(changes);
    }

    /**
     * The host's package set from {@code at} until {@code until} (null: still), against the one before it. A
     * component with exactly one version before and one after moved (up or down in its ecosystem's order); any other
     * difference is listed as added and removed versions.
     */
    public record Change(Instant at, Instant until, int packages, boolean earliest, List<Move> upgraded,
                         List<Move> downgraded, List<Version> added, List<Version> removed) {
        public Change {
            upgraded = List.copyOf(upgraded);
            downgraded = List.copyOf(downgraded);
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    public record Move(String purl, String name, String from, String to) {
    }

    public record Version(String purl, String name, String version) {
    }
}
