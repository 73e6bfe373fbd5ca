package io.releasegates.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file swapped for a FIFO while the tree is scanned, as an attacker would: every scan ends, nothing blocks. */
class FileSwapDuringScanTest {
    @TempDir
    Path tmp;

    @Test
    void shouldFinishEveryScanWhileAFileIsSwappedForAFifoBackAndForth() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("etc"));
        for (int i = 0; i < 40; i++) {
            Files.writeString(tree.resolve("f" + i + ".conf"), "setting=" + i + "\n");
        }
        Path target = tree.resolve("swap.conf");
        Files.writeString(target, "x");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.deleteIfExists(target);
                    Process p = new ProcessBuilder("mkfifo", target.toString()).start();
                    p.waitFor(10, TimeUnit.SECONDS);
                    Files.deleteIfExists(target);
                    Files.writeString(target, "x");
                    swaps.incrementAndGet();
                }
            } catch (Exception e) {
                // the test's assertions speak for themselves
            }
        }, "fifo-swapper");
        swapper.setDaemon(true);
        swapper.start();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
                for (int i = 0; i < 40; i++) {
                    TreeSnapshot snapshot = new TreeScanner(PathFilter.ALL, 2).scan(tree);
                    assertThat(snapshot.entries()).containsKey("f39.conf");
                    TreeEntry e = snapshot.entries().get("swap.conf");
                    if (e != null && e.type() == EntryType.FILE) {
                        assertThat(e.sha256() != null || e.problem() != null).as("hashed or reported").isTrue();
                    }
                }
            }, "a scan blocked on a FIFO swapped in after the walk");
        } finally {
            stop.set(true);
            swapper.join(10_000);
        }
        assertThat(swaps.get()).as("the swapper ran during the scans").isPositive();
    }
}
