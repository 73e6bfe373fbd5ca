package io.releasegates.integrity.watch;

import io.releasegates.notify.DeliveryLog;
import io.releasegates.notify.Notification;
import io.releasegates.notify.Webhook;
import io.releasegates.notify.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Delivers alerts to a webhook through the monitor's {@link WebhookSender}: the same signed JSON body, HMAC header,
 * idempotency key and retries with backoff as fleet events (docs/monitoring.md). Each alert is one notification with
 * the watcher's own running number; a thread of its own delivers, so a slow receiver never delays the watcher. The
 * delivery state lives in this process: alerts a receiver missed are re-sent on the next attempt while the watcher
 * runs, and what is still undelivered when it stops is named in a warning (the JSON-lines output keeps every alert).
 */
public final class WebhookAlertSink implements AlertSink {
    static final String TYPE = "file-alert";
    private static final long RETRY_PAUSE_MS = 5_000;

    private final WebhookSender sender;
    private final Consumer<String> warnings;
    private final ConcurrentSkipListMap<Long, Notification> pending = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean stopping;

    public WebhookAlertSink(Webhook webhook, Consumer<String> warnings) {
        DeliveryLog log = new DeliveryLog() {
            @Override
            public long deliveredThrough(String channel) {
                return delivered.get();
            }

            @Override
            public void markDelivered(String channel, long id) {
                delivered.set(id);
                pending.remove(id);
            }
        };
        this.sender = new WebhookSender(webhook, log, "file-alerts");
        this.warnings = warnings;
        this.thread = new Thread(this::deliverLoop, "integrity-alerts-webhook");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void send(FileAlert alert) {
        long id = ids.incrementAndGet();
        pending.put(id, new Notification(id, TYPE, JsonLinesSink.line(alert).getBytes(StandardCharsets.UTF_8)));
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void deliverLoop() {
        while (true) {
            WebhookSender.Result result = sender.deliverPending(after -> new ArrayList<>(pending.tailMap(after, false).values()));
            boolean failed = result.lastError() != null;
            if (failed) {
                warnings.accept("integrity watch: warning: webhook: " + result.lastError() + "; " + pending.size()
                        + " alert(s) wait for the next attempt");
            }
            synchronized (signal) {
                if (stopping && (pending.isEmpty() || failed)) {
                    return;
                }
                if (pending.isEmpty() || failed) {
                    try {
                        signal.wait(failed ? RETRY_PAUSE_MS : 0);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Gives the receiver up to 10 s for what is queued, then names what is left. */
    @Override
    public void close() {
        stopping = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        List<Notification> left = List.copyOf(pending.values());
        if (!left.isEmpty()) {
            warnings.accept("integrity watch: warning: webhook: " + left.size()
                    + " alert(s) not delivered before stopping (they are in the JSON-lines output)");
        }
    }
}
