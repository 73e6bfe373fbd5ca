package io.releasegates.integrity.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.monitor.MonitorFixtures.Receiver;
import io.releasegates.notify.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** File-change alerts to a webhook through the monitor's sender: signed, retried, each delivered once, in order. */
class WebhookAlertSinkTest {
    private static final String SECRET = "a-webhook-secret-of-enough-length";

    private static FileAlert alert(String path) {
        return new FileAlert(Instant.parse("2026-12-06T12:00:00Z"), "web-1", "/etc/nginx", path, FileChange.MODIFIED,
                FileAlert.OPEN, "HIGH", "RG-INT-MODIFIED", "a".repeat(64), "b".repeat(64), path + " was modified");
    }

    @Test
    void shouldDeliverEveryAlertOnceInOrderAfterTheReceiverFailedTheFirstTries() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (Receiver receiver = new Receiver(2)) {
            Webhook webhook = Webhook.of(receiver.url(), SECRET, 5, Duration.ofMillis(200));
            WebhookAlertSink sink = new WebhookAlertSink(webhook, warnings::add);
            sink.send(alert("nginx.conf"));
            sink.send(alert("sites-enabled/shop"));
            sink.send(alert("<script>.conf"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (receiver.deliveries().stream().filter(d -> d.status() == 204).count() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            sink.close();

            List<Receiver.Delivery> ok = receiver.deliveries().stream().filter(d -> d.status() == 204).toList();
            assertThat(ok).extracting(d -> new String(d.body(), StandardCharsets.UTF_8))
                    .satisfiesExactly(
                            b -> assertThat(b).contains("\"path\":\"nginx.conf\""),
                            b -> assertThat(b).contains("\"path\":\"sites-enabled/shop\""),
                            b -> assertThat(b).contains("\"path\":\"<script>.conf\""));
            assertThat(ok).allSatisfy(d -> {
                assertThat(d.event()).isEqualTo("file-alert");
                assertThat(d.signature()).isEqualTo(webhook.sign(d.body()));
            });
            assertThat(ok).extracting(Receiver.Delivery::idempotencyKey).doesNotHaveDuplicates();
            // the two failed tries were the first alert, under the key it was finally delivered with
            assertThat(receiver.deliveries()).filteredOn(d -> d.status() == 500)
                    .extracting(Receiver.Delivery::idempotencyKey).containsOnly(ok.get(0).idempotencyKey()).hasSize(2);
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void shouldNameWhatARecieverThatStaysDownNeverGot() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (Receiver receiver = new Receiver(1_000)) {
            WebhookAlertSink sink = new WebhookAlertSink(Webhook.of(receiver.url(), SECRET, 2, Duration.ofMillis(50)),
                    warnings::add);
            sink.send(alert("sudoers"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (warnings.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            sink.close();
        }
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("answered 500"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("1 alert(s) not delivered before stopping"));
        assertThat(String.join("\n", warnings)).doesNotContain(SECRET);
    }
}
