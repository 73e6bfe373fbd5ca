package io.releasegates.integrity.watch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Posts alerts to the fleet server ({@code POST /api/alerts}, JSON lines, {@code Authorization: Bearer} the agent
 * token, as hosts post their reports). A thread of its own sends, so a slow or absent server never delays the watcher
 * or the other sinks; alerts that queue up meanwhile go in one request. A failed request is retried with growing
 * pauses; what is still queued after {@link #close}'s grace period is named in a warning, never dropped silently.
 */
public final class FleetAlertSink implements AlertSink {
    static final int MAX_QUEUED = 100_000;
    private static final FileAlert STOP = new FileAlert(java.time.Instant.EPOCH, null, null, "", FileChange.ADDED, "", null,
            null, null, null, null);

    private final URI endpoint;
    private final String token;
    private final Consumer<String> warnings;
    private final HttpClient http;
    private final BlockingQueue<FileAlert> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread sender;
    private volatile boolean stopping;

    /** @param server the server's base URL, e.g. {@code http://fleet:8080} */
    public FleetAlertSink(URI server, String token, Consumer<String> warnings) {
        String base = server.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/api/alerts");
        this.token = token;
        this.warnings = warnings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.sender = new Thread(this::sendLoop, "integrity-alerts-fleet");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void send(FileAlert alert) {
        if (!queue.offer(alert)) {
            warnings.accept("integrity watch: warning: fleet server " + endpoint + " is behind by " + MAX_QUEUED
                    + " alerts; this one is only in the other outputs: " + alert.path() + " " + alert.change().label());
        }
    }

    private void sendLoop() {
        List<FileAlert> batch = new ArrayList<>();
        try {
            while (true) {
                FileAlert first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, 999);
                boolean stop = batch.remove(STOP);
                deliver(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Retries until the server takes the batch, or until closing gives up. */
    private void deliver(List<FileAlert> batch) throws InterruptedException {
        StringBuilder body = new StringBuilder();
        batch.forEach(a -> body.append(JsonLinesSink.line(a)).append('\n'));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long pause = 250;
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return;
                }
                problem = "HTTP " + r.statusCode() + " " + r.body().strip();
                if (r.statusCode() / 100 == 4 && r.statusCode() != 408 && r.statusCode() != 429) {
                    warnings.accept("integrity watch: warning: fleet server refused " + batch.size() + " alert(s): " + problem);
                    return;
                }
            } catch (java.io.IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt == 1 || attempt % 10 == 0) {
                warnings.accept("integrity watch: warning: cannot post " + batch.size() + " alert(s) to " + endpoint
                        + " (" + problem + "); retrying");
            }
            if (stopping) {
                warnings.accept("integrity watch: warning: " + batch.size() + " alert(s) not delivered to " + endpoint
                        + " before exit (they are in the other outputs)");
                return;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 30_000);
        }
    }

    @Override
    public void close() {
        queue.offer(STOP);
        try {
            sender.join(5_000);
            stopping = true;
            sender.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            sender.interrupt();
        }
    }
}
