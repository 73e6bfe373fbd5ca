package io.releasegates.cli;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.duration.Ages;
import io.releasegates.fleet.monitor.AdvisorySources;
import io.releasegates.fleet.monitor.MonitorPass;
import io.releasegates.notify.Webhook;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve --monitor-every DURATION}: a monitor pass on a daemon thread at a fixed delay (one pass at a time; a
 * slow pass pushes the next one back rather than overlapping it). A failed pass is reported in one line and retried
 * at the next tick: its transaction left nothing behind.
 */
final class MonitorSchedule implements AutoCloseable {
    private final Duration every;
    private final AdvisorySources data;
    private final Webhook webhook;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "release-gates-monitor");
        t.setDaemon(true);
        return t;
    });

    private MonitorSchedule(Duration every, AdvisorySources data, Webhook webhook) {
        this.every = every;
        this.data = data;
        this.webhook = webhook;
    }

    /** Checks the duration (the one grammar, gate/Ages; at least a minute), the data and the webhook up front. */
    static MonitorSchedule of(String text, MonitorOptions options) {
        Duration every;
        try {
            every = Ages.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--monitor-every: " + e.getMessage(), e);
        }
        if (every.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("--monitor-every: " + text + " is less than a minute");
        }
        return new MonitorSchedule(every, options.data(), options.webhook());
    }

    void start(FleetStore store) {
        PrintWriter err = new PrintWriter(System.err, true);
        executor.scheduleWithFixedDelay(() -> {
            try {
                err.println("release-gates serve: " + MonitorCommand.summary(MonitorPass.run(store, data, Clock.systemUTC())));
                if (webhook != null) {
                    MonitorCommand.deliver(store, webhook, err);
                }
            } catch (RuntimeException e) {
                err.println("release-gates serve: monitor pass failed: " + ReleaseGatesCommand.oneLine(e.getMessage())
                        + " (nothing recorded; next pass in " + every + ")");
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
