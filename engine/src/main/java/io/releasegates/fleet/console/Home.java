package io.releasegates.fleet.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The home page: what needs attention, per environment ("" is all environments). */
public record Home(Instant refreshedAt, Duration staleAfter, List<Environment> environments, List<Panel> panels) {
    public Home {
        environments = List.copyOf(environments);
        panels = List.copyOf(panels);
    }

    /** @param patchLevel null when the environment has no hosts (shown as "no hosts", never as 100 %) */
    public record Environment(String environment, long hosts, Double patchLevel) {
    }

    public record Panel(String id, String title, String explanation, List<AttentionPanel.Count> counts) {
        public Panel {
            counts = List.copyOf(counts);
        }
    }
}
