package io.releasegates.fleet.store;

import io.releasegates.fleet.store.FleetStore.IngestResult;
import io.releasegates.fleet.store.HostIngest.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit: concurrent {@link FleetStore#ingest} calls queue their report, and a writer thread applies what has
 * queued up — up to {@link #MAX_REPORTS} reports or {@link #MAX_ROWS} packages — in one transaction, then answers every
 * caller. Under load that is one commit and one counter update per distinct counter key for many hosts, instead of
 * one of each per host; an idle store sees batches of one, exactly as before. With several writers (PostgreSQL, where
 * one writer's transaction runs in the server while another prepares its batch), a host always goes to the same
 * writer.
 *
 * <p>Each report stays atomic and every caller gets its own answer: when a batch fails, each of its reports is tried
 * again on its own, so one bad report fails alone. A caller returns only after the transaction holding its report
 * committed and was forced to disk (one sync per batch: the durability costs one fsync per batch, not per report). A host's reports are applied in arrival order; a second report for a host already in the batch starts
 * the next batch, so it is diffed against the first one's result.
 */
final class GroupCommit implements AutoCloseable {
    static final int MAX_REPORTS = 500;
    static final int MAX_ROWS = 100_000;

    /** Applies a batch all or nothing (with its own retries of transient conflicts), results in the batch's order. */
    @FunctionalInterface
    interface Applier {
        List<IngestResult> apply(List<Job> batch, int writer);
    }

    private record Pending(Job job, CompletableFuture<IngestResult> result) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final Applier applier;
    private final List<Writer> writers = new ArrayList<>();
    private final Object gate = new Object();
    private boolean closed;

    GroupCommit(Applier applier, int writerCount, String name) {
        this.applier = applier;
        for (int i = 0; i < writerCount; i++) {
            writers.add(new Writer(i, name));
        }
    }

    /** Blocks until the report's transaction committed (or failed); an interrupt is kept for the caller, not obeyed. */
    IngestResult submit(Job job) {
        CompletableFuture<IngestResult> result = new CompletableFuture<>();
        synchronized (gate) {
            if (closed) {
                throw new FleetStoreException("ingest of host " + job.report().host() + " failed: the store is closed", null);
            }
            writers.get(Math.floorMod(job.report().host().hashCode(), writers.size())).queue.add(new Pending(job, result));
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new FleetStoreException("ingest of host " + job.report().host() + " failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reports waiting for a writer (for tests). */
    int queued() {
        return writers.stream().mapToInt(w -> w.queue.size()).sum();
    }

    /** One writer thread and its queue. */
    private final class Writer {
        private final int index;
        private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        private final Thread thread;
        /** The report that ended the previous batch (same host twice); it heads the next one. */
        private Pending carried;

        Writer(int index, String name) {
            this.index = index;
            this.thread = new Thread(this::loop, "fleet-store-writer-" + index + " " + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (true) {
                List<Pending> batch = next();
                if (batch.isEmpty()) {
                    return;
                }
                apply(batch);
            }
        }

        /** Waits for one report, then takes whatever else is queued, within the limits; empty once stopped. */
        private List<Pending> next() {
            List<Pending> batch = new ArrayList<>();
            Pending first = carried;
            carried = null;
            while (first == null) {
                try {
                    first = queue.take();
                } catch (InterruptedException e) {
                    // only close() stops a writer, through STOP, so that no queued report is dropped
                }
            }
            if (first == STOP) {
                return batch;
            }
            batch.add(first);
            Set<String> hosts = new HashSet<>();
            hosts.add(first.job().report().host());
            int rows = first.job().report().packages().size();
            while (batch.size() < MAX_REPORTS && rows < MAX_ROWS) {
                Pending p = queue.peek();
                if (p == null || p == STOP) {
                    break;
                }
                queue.poll();
                if (!hosts.add(p.job().report().host())) {
                    carried = p;
                    break;
                }
                batch.add(p);
                rows += p.job().report().packages().size();
            }
            return batch;
        }

        private void apply(List<Pending> batch) {
            if (batch.size() > 1) {
                List<IngestResult> results;
                try {
                    results = applier.apply(batch.stream().map(Pending::job).toList(), index);
                } catch (RuntimeException | Error e) {
                    // someone's report (or a conflict that outlived the retries) failed the batch: each on its own now
                    batch.forEach(p -> apply(List.of(p)));
                    return;
                }
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result().complete(results.get(i));
                }
                return;
            }
            Pending only = batch.get(0);
            try {
                only.result().complete(applier.apply(List.of(only.job()), index).get(0));
            } catch (RuntimeException | Error e) {
                only.result().completeExceptionally(e);
            }
        }
    }

    /** Applies everything already queued, then stops the writers. */
    @Override
    public void close() {
        synchronized (gate) {
            if (closed) {
                return;
            }
            closed = true;
            writers.forEach(w -> w.queue.add(STOP));
        }
        boolean interrupted = false;
        for (Writer w : writers) {
            while (w.thread.isAlive()) {
                try {
                    w.thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
