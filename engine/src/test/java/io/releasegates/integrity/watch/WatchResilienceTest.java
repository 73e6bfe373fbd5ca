package io.releasegates.integrity.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.integrity.BaselineApproval;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What must not get lost: changes while down, bursts beyond the queue, trees beyond the watch limit, approvals. */
class WatchResilienceTest {
    @TempDir
    Path tmp;
    private WatchHarness h;
    private Path data;

    @BeforeEach
    void tree() throws Exception {
        h = new WatchHarness(tmp);
        data = Files.createDirectories(h.tree.resolve("data/deep/er"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(data.resolve("f" + i + ".conf"), "value=" + i + "\n");
        }
        Files.writeString(h.tree.resolve("app.conf"), "a=1\n");
        h.record(List.of());
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void shouldReportAtStartWhatChangedWhileNothingWatched() throws Exception {
        Files.writeString(h.tree.resolve("app.conf"), "a=2\n");
        Files.delete(data.resolve("f7.conf"));
        long t = System.nanoTime();
        h.start(o -> o);

        FileAlert first = h.next(t);
        FileAlert second = h.next(t);
        assertThat(List.of(first.path() + " " + first.change().label(), second.path() + " " + second.change().label()))
                .containsExactlyInAnyOrder("app.conf modified", "data/deep/er/f7.conf removed");
        assertThat(h.drain(500)).isEmpty();
    }

    @Test
    void shouldReportEveryChangeOfABurstLargerThanTheQueueThroughAFullCheck() throws Exception {
        h.start(o -> o.withQueueLimit(50));
        Set<String> changed = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Files.writeString(data.resolve("f" + i + ".conf"), "value=changed-" + i + "\n");
            changed.add("data/deep/er/f" + i + ".conf");
        }
        for (int i = 0; i < 300; i++) {
            Files.writeString(data.resolve("new" + i + ".conf"), "n=" + i + "\n");
            changed.add("data/deep/er/new" + i + ".conf");
        }
        long t = System.nanoTime();
        Set<String> alerted = new HashSet<>();
        while (alerted.size() < changed.size()) {
            FileAlert a = h.next(t);
            assertThat(a.state()).isEqualTo(FileAlert.OPEN);
            assertThat(alerted.add(a.path())).as("alerted once: " + a.path()).isTrue();
        }
        assertThat(alerted).isEqualTo(changed);
        assertThat(h.watch().overflows()).isPositive();
        assertThat(h.warnings).anyMatch(w -> w.contains("RG-INT-WATCH-OVERFLOW") && w.contains("full check"));
        assertThat(h.drain(1000)).as("events still queued re-read the same changes: no second alert").isEmpty();
    }

    @Test
    void shouldPollDirectoriesBeyondTheWatchLimitWithAWarning() throws Exception {
        h.start(o -> o.withMaxWatches(2));
        assertThat(h.warnings).anyMatch(w -> w.contains("RG-INT-WATCH-LIMIT"));
        long t = System.nanoTime();
        Files.writeString(data.resolve("f3.conf"), "value=x\n");
        FileAlert a = h.next(t);
        assertThat(a.path()).isEqualTo("data/deep/er/f3.conf");
        assertThat(a.change()).isEqualTo(FileChange.MODIFIED);
        assertThat(h.drain(2500)).as("polling again finds the same open change: no repeat").isEmpty();
    }

    @Test
    void shouldNotRealertAnOpenChangeOnEachFullCheck() throws Exception {
        h.start(o -> o.withFullEvery(Duration.ofMillis(400)));
        long t = System.nanoTime();
        Files.writeString(h.tree.resolve("app.conf"), "a=3\n");
        assertThat(h.next(t).change()).isEqualTo(FileChange.MODIFIED);
        long before = h.watch().fullChecks();
        assertThat(h.drain(2000)).isEmpty();
        assertThat(h.watch().fullChecks()).isGreaterThanOrEqualTo(before + 3);
    }

    @Test
    void shouldResolveAnApprovedChangeAndKeepAlertingUnapprovedOnes() throws Exception {
        h.start(o -> o);
        long t = System.nanoTime();
        Files.writeString(h.tree.resolve("app.conf"), "a=4\n");
        Files.writeString(data.resolve("f1.conf"), "value=evil\n");
        Set<String> open = new HashSet<>(List.of(h.next(t).path(), h.next(t).path()));
        assertThat(open).containsExactlyInAnyOrder("app.conf", "data/deep/er/f1.conf");

        BaselineApproval.Result r = BaselineApproval.approve(h.tree, h.baseline, h.key, List.of("app.conf"));
        assertThat(r.approved()).containsExactly("app.conf");
        t = System.nanoTime();
        FileAlert resolved = h.next(t);
        assertThat(resolved.path()).isEqualTo("app.conf");
        assertThat(resolved.state()).isEqualTo(FileAlert.RESOLVED);
        assertThat(h.drain(1000)).as("f1.conf stays open, unrepeated").isEmpty();
    }

    @Test
    void shouldRefuseABaselineSignedByAnotherKey() {
        SigningKey other = SigningKey.generateHmac();
        assertThatThrownBy(() -> new IntegrityWatch(WatchOptions.of(h.tree, h.baseline, other, "h", List.of(), w -> { })))
                .isInstanceOf(BadInputException.class).hasMessageContaining(h.baseline.toString())
                .hasMessageContaining("signature");
    }

    @Test
    void shouldKeepTheOldBaselineWhenTheNewOneDoesNotVerify() throws Exception {
        h.start(o -> o);
        // an intruder re-records the baseline with a key of their own to hide a change
        Files.writeString(h.tree.resolve("app.conf"), "a=owned\n");
        io.releasegates.integrity.BaselineFile.write(new io.releasegates.integrity.IntegrityChecker(1)
                .baseline(h.tree, io.releasegates.integrity.PathFilter.ALL), h.baseline, SigningKey.generateHmac());
        long t = System.nanoTime();
        FileAlert a = h.next(t);
        assertThat(a.path()).isEqualTo("app.conf");
        Thread.sleep(1200);
        assertThat(h.warnings.stream().filter(w -> w.contains("RG-INT-WATCH-BASELINE")).collect(Collectors.toList()))
                .hasSize(1);
        assertThat(h.drain(300)).isEmpty();
    }
}
