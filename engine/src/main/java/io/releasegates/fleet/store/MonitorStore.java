package io.releasegates.fleet.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitoring part of the fleet store (docs/monitoring.md): promoted releases, the exposure state of the last
 * monitor pass, the events its changes produced, and how far each notification channel delivered them.
 */
public interface MonitorStore {

    /** Records a promoted release; the same name, version and environment again replaces its components. */
    ReleaseRow recordRelease(Release release);

    /** Releases, newest promotion first; null environment means all. */
    List<ReleaseRow> releases(String environment);

    /** Every release's components: release id → its components, sorted. */
    Map<Integer, List<Component>> releaseComponents();

    /**
     * Replaces the exposure state with {@code current} and records the difference as events, all in one transaction
     * that first takes the monitor row's lock: two passes never interleave, and a pass that fails or is killed leaves
     * the previous state and no event of its own.
     */
    PassResult recordPass(PassInput pass, Collection<Exposure> current);

    /** The current exposures of one kind of subject ("host" or "release"), by subject id. */
    Map<Integer, List<Exposure>> exposures(String subjectKind);

    /** Events after {@code afterId} and at or after {@code since} (null: any time), oldest first, at most {@code limit}. */
    List<Event> events(Instant since, long afterId, int limit);

    /**
     * The {@code exposed} events of passes from {@code fromPass} on whose pair is still exposed (it was not resolved
     * since), worst severity first, at most {@code limit}; and how many there are in all.
     */
    Newly newlyExposed(long fromPass, int limit);

    record Newly(long total, List<Event> worst) {
        public Newly {
            worst = List.copyOf(worst);
        }
    }

    /** The last pass, if any ran. */
    Optional<PassRow> lastPass();

    /** The first pass that saw the data the last pass saw: where "new since the last data update" starts. */
    Optional<PassRow> lastDataUpdate();

    /** The last event id the channel acknowledged; 0 when it never did. */
    long deliveredThrough(String channel);

    /** Moves the channel's cursor forward (never back). */
    void markDelivered(String channel, long eventId, Instant at);

    /** A component of a release: purl key (without version) and version. */
    record Component(String key, String version) {
    }

    record Release(String name, String version, String environment, Instant promotedAt, List<Component> components) {
        public Release {
            components = List.copyOf(components);
        }
    }

    record ReleaseRow(int id, String name, String version, String environment, Instant promotedAt, int components) {
    }

    /** Who is exposed: a host (id from fleet_host) or a release (id from fleet_release), with a name to show. */
    record Subject(String kind, int id, String name, String environment) {
        public static final String HOST = "host";
        public static final String RELEASE = "release";
    }

    /**
     * One affected (subject, advisory) pair.
     *
     * @param component the affected component as purl key @ version (the first one when several are)
     * @param fixedIn   versions that fix it, comma-separated, as the data states them; empty when unknown
     */
    record Exposure(Subject subject, String advisory, String severity, String component, String fixedIn) {
    }

    /**
     * @param fingerprint identifies the data (files, sizes, modification times): a change is a data update
     */
    record PassInput(Instant startedAt, Instant finishedAt, String fingerprint, String dataDescription, Instant dataAsOf,
                     int subjects) {
    }

    record PassRow(long id, Instant startedAt, Instant finishedAt, String fingerprint, String dataDescription,
                   Instant dataAsOf, int subjects, int exposures, int exposed, int resolved) {
    }

    record PassResult(long passId, int exposures, int exposed, int resolved, long lastEventId) {
    }

    /**
     * @param kind {@code exposed}, {@code resolved}, or {@code changed}: the pair stays exposed but the advisory's
     *             severity or fixed versions changed (the event carries the new ones)
     */
    record Event(long id, long passId, Instant at, String kind, String subjectKind, String subject, String environment,
                 String advisory, String severity, String component, String fixedIn) {
        public static final String EXPOSED = "exposed";
        public static final String RESOLVED = "resolved";
        public static final String CHANGED = "changed";
    }
}
