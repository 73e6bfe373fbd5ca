package io.releasegates.notify;

/**
 * Where a channel's progress is kept (the fleet store's {@code notify_cursor}): the id of the last notification the
 * receiver acknowledged. Notifications are delivered in id order, so one number per channel is the whole state, and a
 * receiver that was down gets everything after it on the next delivery run.
 */
public interface DeliveryLog {
    long deliveredThrough(String channel);

    void markDelivered(String channel, long id);
}
