package io.releasegates.integrity.watch;

/**
 * Where alerts go: stdout, a JSON-lines file, the fleet server. The watcher calls {@link #send} from its one thread,
 * in order; a sink that talks to the network must not hold that thread up (alerts are due within 2 s).
 */
public interface AlertSink extends AutoCloseable {
    void send(FileAlert alert);

    /** Delivers what is still pending, within a bounded time, and releases the sink. */
    @Override
    void close();
}
