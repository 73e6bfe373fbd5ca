package io.releasegates.fleet.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body up to a size limit and a deadline without holding a thread while the client is slow: Jetty
 * calls back when bytes arrive. A body dripped in one byte at a time therefore costs a connection, not a handler
 * thread, and is cut off at the deadline.
 */
final class BoundedBody implements Runnable {
    enum Outcome { COMPLETE, TOO_LARGE, TIMED_OUT, FAILED }

    /** @param bytes the body when {@link Outcome#COMPLETE} and kept, else empty */
    record Result(Outcome outcome, byte[] bytes) {
    }

    private final Request request;
    private final long limit;
    private final ByteArrayOutputStream kept;
    private final Consumer<Result> done;
    private final AtomicBoolean finished = new AtomicBoolean();
    private long total;
    private volatile Scheduler.Task timer;

    private BoundedBody(Request request, long limit, boolean keep, Consumer<Result> done) {
        this.request = request;
        this.limit = limit;
        this.kept = keep ? new ByteArrayOutputStream() : null;
        this.done = done;
    }

    /** Reads (keep) or discards (!keep) the body; {@code done} is called exactly once, possibly on another thread. */
    static void read(Request request, long limit, boolean keep, Duration timeout, Consumer<Result> done) {
        BoundedBody body = new BoundedBody(request, limit, keep, done);
        Scheduler scheduler = request.getComponents().getScheduler();
        body.timer = scheduler.schedule(() -> body.finish(Outcome.TIMED_OUT), timeout.toMillis(), TimeUnit.MILLISECONDS);
        body.run();
    }

    /** Reads what has arrived; asks to be called again when more does. */
    @Override
    public void run() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                finish(Outcome.FAILED);
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            total += buffer.remaining();
            if (total > limit) {
                chunk.release();
                finish(Outcome.TOO_LARGE);
                return;
            }
            if (kept != null) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                kept.write(bytes, 0, bytes.length);
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                finish(Outcome.COMPLETE);
                return;
            }
        }
    }

    private void finish(Outcome outcome) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        Scheduler.Task t = timer;
        if (t != null) {
            t.cancel();
        }
        byte[] bytes = outcome == Outcome.COMPLETE && kept != null ? kept.toByteArray() : new byte[0];
        done.accept(new Result(outcome, bytes));
    }
}
