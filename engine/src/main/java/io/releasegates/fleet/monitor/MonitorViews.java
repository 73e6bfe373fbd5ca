package io.releasegates.fleet.monitor;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.duration.Ages;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code fleet events}, {@code /api/events}, {@code /api/releases} and the dashboard's "newly exposed" panel show:
 * the JSON shapes of docs/monitoring.md, built from the store.
 */
public final class MonitorViews {
    /**
     * The most events one answer carries; {@code after} pages on. 1,000 events are about 330 KB of JSON, inside the
     * console's 500 KB per answer (10,000 were 3.3 MB); `fleet events` follows {@code more} page after page.
     */
    public static final int PAGE = 1_000;
    /** The most rows the dashboard panel shows (a large update exposes hundreds of thousands of pairs). */
    public static final int PANEL_ROWS = 500;

    public record SubjectJson(String kind, String name, String environment) {
    }

    /** One event, as the API, the CLI and the webhooks carry it. */
    public record EventJson(long id, String type, Instant at, SubjectJson subject, String advisory, String severity,
                            String component, String fixedIn, long pass) {
        public static EventJson of(MonitorStore.Event e) {
            return new EventJson(e.id(), e.kind(), e.at(), new SubjectJson(e.subjectKind(), e.subject(), e.environment()),
                    e.advisory(), e.severity(), e.component(), e.fixedIn(), e.passId());
        }
    }

    /** @param lastDataUpdate when the first pass over the current data finished; null before any pass */
    public record EventsView(Instant generatedAt, Instant since, long after, Instant lastDataUpdate, String data,
                             List<EventJson> items, boolean more) {
        public EventsView {
            items = List.copyOf(items);
        }
    }

    public record ExposureJson(String advisory, String severity, String component, String fixedIn) {
    }

    public record ComponentJson(String purl, String version) {
    }

    /** @param exposure null when no monitor pass ran yet: unknown, not "none" */
    public record ReleaseJson(String name, String version, String environment, Instant promotedAt,
                              List<ComponentJson> components, List<ExposureJson> exposure, String highest) {
        public ReleaseJson {
            components = List.copyOf(components);
            exposure = exposure == null ? null : List.copyOf(exposure);
        }
    }

    public record ReleasesView(Instant generatedAt, String environment, List<String> environments, boolean monitored,
                               List<ReleaseJson> items) {
        public ReleasesView {
            environments = List.copyOf(environments);
            items = List.copyOf(items);
        }
    }

    /** The panel: exposed events since the last data update that are still exposed, worst first; {@code total} in all. */
    public record NewlyExposed(Instant lastDataUpdate, String data, long total, List<EventJson> items) {
        public NewlyExposed {
            items = List.copyOf(items);
        }
    }

    private final FleetStore store;
    private final Clock clock;

    public MonitorViews(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Parses {@code --since} / {@code ?since=}: an ISO-8601 instant ({@code 2026-12-06T10:00:00Z}) or an age in the
     * one duration grammar ({@code 24h}, {@code 7d}: that long before now).
     */
    public static Instant since(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notInstant) {
            try {
                return now.minus(Ages.parse(text.strip()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("since '" + text + "': neither an instant (2026-12-06T10:00:00Z) nor an age"
                        + " (24h, 7d)");
            }
        }
    }

    public EventsView events(Instant since, long after) {
        MonitorStore m = store.monitor();
        List<MonitorStore.Event> events = m.events(since, after, PAGE + 1);
        boolean more = events.size() > PAGE;
        List<EventJson> items = events.stream().limit(PAGE).map(EventJson::of).toList();
        var update = m.lastDataUpdate();
        return new EventsView(clock.instant(), since, after, update.map(MonitorStore.PassRow::finishedAt).orElse(null),
                update.map(MonitorStore.PassRow::dataDescription).orElse(null), items, more);
    }

    /** The panel of the last pass this instance computed, keyed by that pass's id. */
    private record Panel(long lastPass, NewlyExposed panel) {
    }

    private final java.util.concurrent.atomic.AtomicReference<Panel> panel = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * The panel's rows: the worst {@link #PANEL_ROWS} of the still-standing exposures since the last data update.
     * Events and exposures change only when a monitor pass commits, so the answer is kept until the last pass id
     * moves (another process's pass included): at 10,000 hosts the query joins some 200,000 events with their
     * exposures and took seconds per home page on a busy machine.
     */
    public NewlyExposed newlyExposed() {
        MonitorStore m = store.monitor();
        var last = m.lastPass();
        if (last.isEmpty()) {
            return new NewlyExposed(null, null, 0, List.of());
        }
        Panel kept = panel.get();
        if (kept != null && kept.lastPass() == last.get().id()) {
            return kept.panel();
        }
        var update = m.lastDataUpdate();
        if (update.isEmpty()) {
            return new NewlyExposed(null, null, 0, List.of());
        }
        MonitorStore.Newly newly = m.newlyExposed(update.get().id(), PANEL_ROWS);
        NewlyExposed shown = new NewlyExposed(update.get().finishedAt(), update.get().dataDescription(), newly.total(),
                newly.worst().stream().map(EventJson::of).toList());
        // read after lastPass: a pass committing in between is newer than the key and recomputed next time
        panel.set(new Panel(last.get().id(), shown));
        return shown;
    }

    static int severityRank(String severity) {
        try {
            return Severity.valueOf(severity.toUpperCase(Locale.ROOT)).ordinal();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    public ReleasesView releases(String environment) {
        MonitorStore m = store.monitor();
        List<MonitorStore.ReleaseRow> rows = m.releases(environment);
        Map<Integer, List<MonitorStore.Component>> components = m.releaseComponents();
        boolean monitored = m.lastPass().isPresent();
        Map<Integer, List<MonitorStore.Exposure>> exposures = monitored ? m.exposures(MonitorStore.Subject.RELEASE) : Map.of();
        Set<String> environments = new TreeSet<>();
        m.releases(null).forEach(r -> environments.add(r.environment()));
        List<ReleaseJson> items = new ArrayList<>();
        for (MonitorStore.ReleaseRow r : rows) {
            List<ExposureJson> exposure = null;
            String highest = null;
            if (monitored) {
                exposure = exposures.getOrDefault(r.id(), List.of()).stream()
                        .sorted(Comparator.comparing((MonitorStore.Exposure e) -> severityRank(e.severity())).reversed()
                                .thenComparing(MonitorStore.Exposure::advisory))
                        .map(e -> new ExposureJson(e.advisory(), e.severity(), e.component(), e.fixedIn())).toList();
                highest = exposure.isEmpty() ? null : exposure.get(0).severity();
            }
            items.add(new ReleaseJson(r.name(), r.version(), r.environment(), r.promotedAt(),
                    components.getOrDefault(r.id(), List.of()).stream().map(c -> new ComponentJson(c.key(), c.version())).toList(),
                    exposure, highest));
        }
        return new ReleasesView(clock.instant(), environment, List.copyOf(environments), monitored, items);
    }
}
