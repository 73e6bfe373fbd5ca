package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.store.FleetStore.IngestResult;
import io.releasegates.fleet.store.HostIngest.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batching rules of the group commit, with an applier that records what it was given: the stores' own tests
 * (FleetStoreContract) prove the same against H2 and PostgreSQL, where batches form only by chance.
 */
class GroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);
    private final CountDownLatch firstBatchStarted = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newFixedThreadPool(12);
    private GroupCommit commit;

    /** Holds the first batch until released, so that everything submitted meanwhile queues up; fails poisoned hosts. */
    private List<IngestResult> apply(List<Job> batch, int writer) {
        batches.add(batch.stream().map(j -> j.report().host() + "/" + j.report().environment()).toList());
        if (batches.size() == 1) {
            firstBatchStarted.countDown();
            try {
                firstBatchMayFinish.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (batch.stream().anyMatch(j -> j.report().host().startsWith("poison"))) {
            throw new FleetStoreException("ingest failed: poisoned " + batch.size(), null);
        }
        return batch.stream().map(j -> new IngestResult(j.report().host(), true, j.report().packages().size(), 0, 0)).toList();
    }

    private static Job job(String host, String environment, int packages) {
        List<PackageRef> refs = new ArrayList<>();
        for (int i = 0; i < packages; i++) {
            refs.add(PackageRef.fromPurl("pkg:maven/com.acme/lib-" + i + "@1.0"));
        }
        HostReport r = new HostReport(host, environment, "web", T0, refs);
        return new Job(r, T0, r.digest(), List.of());
    }

    private Future<IngestResult> submit(String host, String environment, int packages) {
        return callers.submit(() -> commit.submit(job(host, environment, packages)));
    }

    /** Submits the blocker, waits until the writer holds it, then queues the rest behind it. */
    private Future<IngestResult> block() throws InterruptedException {
        Future<IngestResult> blocker = submit("blocker", "production", 1);
        assertThat(firstBatchStarted.await(30, TimeUnit.SECONDS)).isTrue();
        return blocker;
    }

    private void awaitQueued(int n) throws InterruptedException {
        // the callers' submit() runs on pool threads: give them time to reach the queue
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commit.queued() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(commit.queued()).isEqualTo(n);
    }

    @AfterEach
    void stop() {
        firstBatchMayFinish.countDown();
        commit.close();
        callers.shutdownNow();
    }

    @Test
    void shouldApplyEverythingQueuedInOneBatchAndAnswerEachCaller() throws Exception {
        commit = new GroupCommit(this::apply, 1, "test");
        Future<IngestResult> blocker = block();
        List<Future<IngestResult>> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(submit("host-" + i, "production", i + 1));
        }
        awaitQueued(10);
        firstBatchMayFinish.countDown();

        assertThat(blocker.get(30, TimeUnit.SECONDS).host()).isEqualTo("blocker");
        for (int i = 0; i < 10; i++) {
            IngestResult r = others.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.host()).isEqualTo("host-" + i);
            assertThat(r.packages()).isEqualTo(i + 1);
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).hasSize(10);
    }

    @Test
    void shouldRetryEachReportAloneWhenTheBatchFailsSoOnlyTheBadOneFails() throws Exception {
        commit = new GroupCommit(this::apply, 1, "test");
        Future<IngestResult> blocker = block();
        List<Future<IngestResult>> good = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            good.add(submit("host-" + i, "production", 3));
        }
        awaitQueued(4);
        Future<IngestResult> bad = submit("poison-1", "production", 3);
        awaitQueued(5);
        firstBatchMayFinish.countDown();

        blocker.get(30, TimeUnit.SECONDS);
        for (Future<IngestResult> f : good) {
            assertThat(f.get(30, TimeUnit.SECONDS).changed()).isTrue();
        }
        assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(FleetStoreException.class)
                .hasMessageContaining("poisoned 1");
        // the batch of five failed, then each of the five went alone
        assertThat(batches.get(1)).hasSize(5);
        assertThat(batches.subList(2, batches.size())).hasSize(5).allMatch(b -> b.size() == 1);
    }

    @Test
    void shouldStartANewBatchWhenAHostReportsTwiceSoItsReportsApplyInOrder() throws Exception {
        commit = new GroupCommit(this::apply, 1, "test");
        Future<IngestResult> blocker = block();
        List<Future<IngestResult>> all = new ArrayList<>();
        all.add(submit("web-1", "staging", 1));
        awaitQueued(1);
        all.add(submit("web-2", "staging", 1));
        awaitQueued(2);
        all.add(submit("web-1", "production", 1));
        awaitQueued(3);
        all.add(submit("web-3", "production", 1));
        awaitQueued(4);
        firstBatchMayFinish.countDown();

        blocker.get(30, TimeUnit.SECONDS);
        for (Future<IngestResult> f : all) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(batches.subList(1, batches.size())).containsExactly(
                List.of("web-1/staging", "web-2/staging"), List.of("web-1/production", "web-3/production"));
    }

    @Test
    void shouldApplyWhatIsQueuedBeforeClosingAndRefuseLaterReports() throws Exception {
        commit = new GroupCommit(this::apply, 1, "test");
        Future<IngestResult> blocker = block();
        List<Future<IngestResult>> queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queued.add(submit("host-" + i, "production", 1));
        }
        awaitQueued(6);
        Future<?> closing = callers.submit(commit::close);
        firstBatchMayFinish.countDown();
        closing.get(30, TimeUnit.SECONDS);

        blocker.get(1, TimeUnit.SECONDS);
        for (Future<IngestResult> f : queued) {
            assertThat(f.get(1, TimeUnit.SECONDS).changed()).isTrue();
        }
        assertThatThrownBy(() -> commit.submit(job("late", "production", 1)))
                .isInstanceOf(FleetStoreException.class).hasMessageContaining("closed");
    }
}
