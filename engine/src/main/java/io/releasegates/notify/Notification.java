package io.releasegates.notify;

import java.util.Objects;

/**
 * One thing to tell a receiver: a stable, increasing id (the idempotency key is made from it), a type for the
 * {@code X-Release-Gates-Event} header, and the JSON body, already serialised so it is signed exactly as sent.
 */
public record Notification(long id, String type, byte[] body) {
    public Notification {
        Objects.requireNonNull(type, "type");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
