package io.releasegates.fleet.web;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;

/**
 * The header timeout Jetty does not have: its idle timeout restarts with every byte, so a client dripping a header
 * one byte at a time would hold its connection for hours. Once a connection has received bytes of a request that
 * is not yet being handled, that request's header must be complete within the limit, else the connection is
 * closed. Checked once a second from the connections' public counters (bytes and requests in).
 */
final class SlowHeaderGuard implements Connection.Listener, AutoCloseable {
    /** Where a connection stood when its clock last restarted. */
    private record Mark(long messages, long bytes, long since) {
    }

    private final Map<Connection, Mark> open = new ConcurrentHashMap<>();
    private final Set<Connection> busy = ConcurrentHashMap.newKeySet();
    private final long limitNanos;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-http-header-guard");
        t.setDaemon(true);
        return t;
    });

    SlowHeaderGuard(Duration limit) {
        this.limitNanos = limit.toNanos();
        long period = Math.max(100, Math.min(1000, limit.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, mark(connection));
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
        busy.remove(connection);
    }

    /** A request on this connection is being handled: its header is complete. */
    void handling(Connection connection) {
        busy.add(connection);
    }

    /** The request has been answered: the clock for the next one starts afresh. */
    void handled(Connection connection) {
        busy.remove(connection);
        open.computeIfPresent(connection, (c, m) -> mark(c));
    }

    int open() {
        return open.size();
    }

    private static Mark mark(Connection c) {
        return new Mark(c.getMessagesIn(), c.getBytesIn(), System.nanoTime());
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((c, m) -> {
            // idle (no bytes since the mark), handling, or a new request parsed: restart the clock
            if (busy.contains(c) || c.getMessagesIn() != m.messages() || c.getBytesIn() == m.bytes()) {
                open.replace(c, m, mark(c));
            } else if (now - m.since() > limitNanos) {
                open.remove(c);
                c.getEndPoint().close();
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
