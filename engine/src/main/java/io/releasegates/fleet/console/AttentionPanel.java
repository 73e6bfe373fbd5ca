package io.releasegates.fleet.console;

import io.releasegates.fleet.store.ConsoleTables;
import io.releasegates.fleet.store.FleetStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One "needs attention" panel of the console's home page: a title and, per environment, a count that links to the
 * filtered list showing exactly those items. The console shows the built-in panels ({@link BuiltInPanels}) first,
 * then any added with {@code Console.addPanel} (newly exposed hosts, releases, open file-change alerts...), in order.
 */
public interface AttentionPanel {
    /** Stable id: the HTML element id ({@code panel-ID}) and the JSON key. */
    String id();

    String title();

    /** One line saying what is counted, shown under the title. */
    String explanation();

    /**
     * The counts: one per environment of {@code context.environments()} and one for all ({@code environment} ""),
     * in any order; an environment without a count shows none.
     */
    List<Count> counts(Context context);

    /**
     * @param count  null when unknown (say why in {@code detail}): never a 0 that would read as "nothing to do"
     * @param link   the filtered list, relative to the console's base path and starting with '/'
     * @param detail short text after the count ("12 critical", "up to 40 days past the deadline"); may be empty
     */
    record Count(String environment, Long count, String link, String detail) {
    }

    /** What a panel may read: the store (its own tables too), the console's tables, the environments and the clock. */
    record Context(FleetStore store, ConsoleTables tables, List<String> environments, Instant now, Duration staleAfter) {
        public Context {
            environments = List.copyOf(environments);
        }
    }
}
