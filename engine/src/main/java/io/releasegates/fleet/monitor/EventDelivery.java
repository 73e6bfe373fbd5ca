package io.releasegates.fleet.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.notify.DeliveryLog;
import io.releasegates.notify.Notification;
import io.releasegates.notify.Webhook;
import io.releasegates.notify.WebhookSender;
import io.releasegates.report.Json;
import java.time.Clock;

/** The monitor's events to a webhook: one POST per event, in event order, the cursor kept in the fleet store. */
public final class EventDelivery {
    /** The {@code schema} of each webhook body. */
    public static final String SCHEMA = "release-gates/monitor-event/v1";
    /** The notify stream: the cursor is per stream and webhook URL. */
    public static final String STREAM = "fleet-events";
    private static final int PAGE = 500;

    private EventDelivery() {
    }

    public static WebhookSender.Result deliver(FleetStore store, Webhook webhook, Clock clock) {
        MonitorStore m = store.monitor();
        DeliveryLog log = new DeliveryLog() {
            @Override
            public long deliveredThrough(String channel) {
                return m.deliveredThrough(channel);
            }

            @Override
            public void markDelivered(String channel, long id) {
                m.markDelivered(channel, id, clock.instant());
            }
        };
        return new WebhookSender(webhook, log, STREAM).deliverPending(after -> m.events(null, after, PAGE).stream()
                .map(EventDelivery::notification).toList());
    }

    /** The body: {@code {"schema": ..., "event": {...}}}, the event as {@code /api/events} shows it. */
    static Notification notification(MonitorStore.Event e) {
        try {
            byte[] body = Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(new Body(SCHEMA, MonitorViews.EventJson.of(e)));
            return new Notification(e.id(), e.kind(), body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("event not serialisable: " + ex.getMessage(), ex);
        }
    }

    record Body(String schema, MonitorViews.EventJson event) {
    }
}
