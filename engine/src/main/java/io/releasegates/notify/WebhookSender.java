package io.releasegates.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Delivers notifications to one webhook in id order, each at most until the receiver acknowledges it (2xx), then
 * records the acknowledgement in the {@link DeliveryLog}. A failure is retried with exponential backoff; when the
 * attempts run out the run stops there (later ones are not sent ahead of it) and the next run starts again from the
 * first unacknowledged one. Each POST carries an {@code Idempotency-Key} that names the notification: a delivery
 * repeated after a crash between the receiver's 2xx and our record is recognisable as the same one.
 */
public final class WebhookSender {
    /** @param delivered acknowledged in this run; @param pending left for a later run; @param lastError why it stopped */
    public record Result(int delivered, int pending, String lastError) {
    }

    private final Webhook webhook;
    private final DeliveryLog log;
    private final String channel;
    private final HttpClient client;

    /** @param stream what the channel carries ({@code fleet-events}): one cursor per stream and URL */
    public WebhookSender(Webhook webhook, DeliveryLog log, String stream) {
        this.webhook = webhook;
        this.log = log;
        this.channel = stream + " " + webhook.shown();
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String channel() {
        return channel;
    }

    /**
     * Sends everything after the channel's cursor.
     *
     * @param pendingAfter the notifications after an id, in id order, a page at a time (empty: none left)
     */
    public Result deliverPending(LongFunction<List<Notification>> pendingAfter) {
        long cursor = log.deliveredThrough(channel);
        int delivered = 0;
        while (true) {
            List<Notification> page = pendingAfter.apply(cursor);
            if (page.isEmpty()) {
                return new Result(delivered, 0, null);
            }
            for (int i = 0; i < page.size(); i++) {
                Notification n = page.get(i);
                String error = send(n);
                if (error != null) {
                    return new Result(delivered, page.size() - i, error);
                }
                log.markDelivered(channel, n.id());
                cursor = n.id();
                delivered++;
            }
        }
    }

    /** Null when acknowledged; otherwise the last failure, after every attempt. */
    private String send(Notification n) {
        byte[] body = n.body();
        HttpRequest request = HttpRequest.newBuilder(webhook.url()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "release-gates")
                .header(Webhook.EVENT_HEADER, n.type())
                .header(Webhook.IDEMPOTENCY_HEADER, idempotencyKey(n))
                .header(Webhook.SIGNATURE_HEADER, webhook.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String error = null;
        Duration wait = webhook.firstBackoff();
        for (int attempt = 1; attempt <= webhook.attempts(); attempt++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return null;
                }
                error = webhook.shown() + " answered " + response.statusCode() + " for notification " + n.id();
            } catch (IOException e) {
                error = webhook.shown() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return webhook.shown() + ": interrupted";
            }
            if (attempt < webhook.attempts()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return error;
                }
                wait = wait.multipliedBy(2);
            }
        }
        return error;
    }

    /** The channel and the notification id: the same notification to the same receiver always has the same key. */
    String idempotencyKey(Notification n) {
        return io.releasegates.files.Digests.sha256(channel.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16)
                + "-" + n.id();
    }
}
