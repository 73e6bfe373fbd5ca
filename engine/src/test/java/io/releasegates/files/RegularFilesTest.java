package io.releasegates.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real FIFOs, sockets, devices and links: refused with their kind named, and never a hang. */
class RegularFilesTest {
    static final Duration BOUND = Duration.ofSeconds(20);
    @TempDir
    Path dir;

    /** mkfifo(1): Java cannot make a FIFO itself. */
    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void shouldReadARegularFile() throws Exception {
        Path f = Files.writeString(dir.resolve("a.txt"), "hello");
        assertThat(RegularFiles.readString(f, StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void shouldRefuseAFifoWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("evidence.json");
        mkfifo(fifo);
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> RegularFiles.readAllBytes(fifo))
                .isInstanceOf(NotRegularFileException.class).hasMessageContaining("a FIFO (named pipe)"));
    }

    @Test
    void shouldRefuseAFileSwappedForAFifoAfterItsTypeWasChecked() throws Exception {
        Path f = Files.writeString(dir.resolve("config.yaml"), "x: 1");
        BasicFileAttributes seen = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Files.delete(f);
        mkfifo(f); // the swap lands between the check and the open: the open would block forever
        long start = System.nanoTime();
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> RegularFiles.openChecked(f, seen))
                .isInstanceOf(NotRegularFileException.class).hasMessageContaining("while being opened"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldRefuseAFileSwappedForAnotherRegularFileAfterItsTypeWasChecked() throws Exception {
        Path f = Files.writeString(dir.resolve("a.bin"), "one");
        BasicFileAttributes seen = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Path other = Files.writeString(dir.resolve("b.bin"), "two");
        Files.move(other, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> RegularFiles.openChecked(f, seen)).isInstanceOf(NotRegularFileException.class);
    }

    @Test
    void shouldStopReadingADeviceOpenedInPlaceOfARegularFile() throws Exception {
        // a device swapped in and back out between the two checks: /dev/zero never ends, the read cap ends it
        Path zero = Path.of("/dev/zero");
        try (SeekableByteChannel ch = new RegularFiles.Capped(java.nio.channels.FileChannel.open(zero),
                4096 + RegularFiles.GROWTH_ALLOWANCE, zero)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> {
                while (ch.read(buf.clear()) >= 0) {
                    // keep reading
                }
            }).isInstanceOf(NotRegularFileException.class).hasMessageContaining("grew by more than"));
        }
    }

    @Test
    void shouldRefuseDevicesSocketsDirectoriesAndLinks() throws Exception {
        assertThatThrownBy(() -> RegularFiles.readAllBytes(Path.of("/dev/null"))).hasMessageContaining("a character device");
        assertThatThrownBy(() -> RegularFiles.readAllBytes(dir)).hasMessageContaining("a directory");
        Path target = Files.writeString(dir.resolve("t.txt"), "t");
        Path link = Files.createSymbolicLink(dir.resolve("l.txt"), target);
        assertThatThrownBy(() -> RegularFiles.readAllBytes(link)).hasMessageContaining("a symbolic link");
        Path socket = dir.resolve("agent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(() -> RegularFiles.readAllBytes(socket)).hasMessageContaining("a socket");
        }
    }
}
