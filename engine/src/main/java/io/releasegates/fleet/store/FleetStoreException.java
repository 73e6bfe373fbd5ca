package io.releasegates.fleet.store;

/** The store could not do its job (database unreachable, a write failed after retries); nothing was half-written. */
public class FleetStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FleetStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
