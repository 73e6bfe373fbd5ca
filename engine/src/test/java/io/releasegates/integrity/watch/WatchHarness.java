package io.releasegates.integrity.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.integrity.BaselineFile;
import io.releasegates.integrity.IntegrityChecker;
import io.releasegates.integrity.PathFilter;
import io.releasegates.integrity.SeverityRule;
import io.releasegates.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs a real {@link IntegrityWatch} on a real directory in this JVM (inotify through the JDK) and records every
 * alert with the moment it arrived, so tests can hold each one to the 2-second promise.
 */
final class WatchHarness implements AutoCloseable {
    static final Duration DUE = Duration.ofSeconds(2);

    record Received(FileAlert alert, long nanos) {
    }

    final Path tree;
    final Path baseline;
    final SigningKey key = SigningKey.generateHmac();
    final BlockingQueue<Received> alerts = new LinkedBlockingQueue<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    private IntegrityWatch watch;
    private Thread thread;

    WatchHarness(Path tmp) throws IOException {
        this.tree = Files.createDirectories(tmp.resolve("tree"));
        this.baseline = tmp.resolve("baseline.json");
    }

    void record(List<SeverityRule> severities) throws IOException {
        BaselineFile.write(new IntegrityChecker(1).baseline(tree, PathFilter.ALL).withSeverities(severities), baseline, key);
    }

    WatchHarness start(UnaryOperator<WatchOptions> tune) throws Exception {
        AlertSink sink = new AlertSink() {
            @Override
            public void send(FileAlert alert) {
                alerts.add(new Received(alert, System.nanoTime()));
            }

            @Override
            public void close() {
            }
        };
        watch = new IntegrityWatch(tune.apply(WatchOptions.of(tree, baseline, key, "test-host", List.of(sink), warnings::add)));
        thread = new Thread(() -> {
            try {
                watch.run();
            } catch (IOException e) {
                warnings.add("run failed: " + e);
            }
        }, "watch-under-test");
        thread.start();
        assertThat(watch.awaitReady(60, TimeUnit.SECONDS)).as("watcher ready").isTrue();
        return this;
    }

    IntegrityWatch watch() {
        return watch;
    }

    /** The next alert, which must arrive within 2 s of {@code since} (a System.nanoTime()). */
    FileAlert next(long since) throws InterruptedException {
        long left = DUE.toNanos() - (System.nanoTime() - since);
        Received r = alerts.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        assertThat(r).as("an alert within 2 s (warnings: " + warnings + ")").isNotNull();
        assertThat(r.nanos() - since).as("latency of " + r.alert()).isLessThanOrEqualTo(DUE.toNanos());
        return r.alert();
    }

    /** Every alert that arrives within {@code millis}. */
    List<FileAlert> drain(long millis) throws InterruptedException {
        List<FileAlert> out = new ArrayList<>();
        long end = System.nanoTime() + millis * 1_000_000;
        for (Received r; (r = alerts.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            out.add(r.alert());
        }
        return out;
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the watcher", e);
            }
            assertThat(thread.isAlive()).as("watcher thread ended").isFalse();
        }
    }
}
