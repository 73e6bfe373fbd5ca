package io.releasegates.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way gates open files they read: regular files only, a final symbolic link not followed, and never a
 * blocking open. Java 17 has no O_NONBLOCK, and opening a FIFO for reading blocks until a writer appears, so:
 * <ol>
 * <li>the path's own type is checked (lstat): anything but a regular file is refused, naming what it is;</li>
 * <li>the open runs on a helper thread with NOFOLLOW_LINKS; the caller waits a bounded time. A regular file opens in
 *     microseconds; if the open hangs because the file was swapped for a FIFO after step 1, the FIFO is opened
 *     read-write (which never blocks on Linux), which releases the hung open, and step 3 refuses it;</li>
 * <li>what was opened is checked: it must be seekable (a FIFO, socket or terminal is not) and the path must still
 *     name the same regular file (same device and inode) as in step 1;</li>
 * <li>reads stop with an error past the opened file's size plus {@link #GROWTH_ALLOWANCE} (twice that counted in
 *     all), so a device swapped in and out between the checks cannot feed an endless stream.</li>
 * </ol>
 */
public final class RegularFiles {
    /** Growth tolerated while a file is read (a log being appended to); more is reported as a change. */
    static final long GROWTH_ALLOWANCE = 1 << 20;
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 50;
    private static final ExecutorService OPENER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "release-gates-open");
        t.setDaemon(true);
        return t;
    });

    private RegularFiles() {
    }

    /** Opens {@code file} for reading; see the class comment. */
    public static SeekableByteChannel open(Path file) throws IOException {
        BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!before.isRegularFile()) {
            throw new NotRegularFileException(file, kind(file, before) + ": not read");
        }
        return openChecked(file, before);
    }

    /** Steps 2 to 4, given what step 1 saw (tests swap the file in between, as an attacker would). */
    static SeekableByteChannel openChecked(Path file, BasicFileAttributes before) throws IOException {
        FileChannel channel = openWithin(file, OPEN_TIMEOUT);
        try {
            verify(file, before, channel);
            return new Capped(channel, Math.max(before.size(), channel.size()) + GROWTH_ALLOWANCE, file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * For a file the operator named (an argument or a config entry): links in the name are the operator's choice
     * (a Kubernetes secret mount is a chain of them) and are followed, then what they lead to is opened as
     * {@link #open} does. Files found by listing a directory use {@link #open}: their links are not followed.
     */
    public static SeekableByteChannel openNamed(Path file) throws IOException {
        return open(file.toRealPath());
    }

    public static byte[] readNamed(Path file) throws IOException {
        try (InputStream in = Channels.newInputStream(openNamed(file))) {
            return in.readAllBytes();
        }
    }

    public static InputStream newInputStream(Path file) throws IOException {
        return Channels.newInputStream(open(file));
    }

    public static byte[] readAllBytes(Path file) throws IOException {
        try (InputStream in = newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    public static String readString(Path file, Charset charset) throws IOException {
        return new String(readAllBytes(file), charset);
    }

    /**
     * Refuses a path that is not a regular file, for readers that must open by name themselves (ZipFile): the
     * type check of step 1 only, so such a reader still opens after the check.
     */
    public static void requireRegular(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new NotRegularFileException(file, kind(file, a) + ": not read");
        }
    }

    /** What a path is, in words for a finding: "a FIFO (named pipe)", "a socket", "a character device", … */
    public static String kind(Path file, BasicFileAttributes a) {
        if (a.isRegularFile()) {
            return "a regular file";
        }
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            switch (mode & 0170000) {
                case 0010000: return "a FIFO (named pipe)";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: return "a special file";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    private static FileChannel openWithin(Path file, Duration timeout) throws IOException {
        CompletableFuture<FileChannel> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, OPENER);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return opening.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                OPENER.execute(() -> releaseFifo(file));
                if (System.nanoTime() > deadline) {
                    abandon(opening);
                    throw new NotRegularFileException(file, "open did not complete within " + timeout.toSeconds()
                            + " s (swapped for a FIFO or a device?): not read");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(file + ": " + cause, cause);
            } catch (InterruptedException e) {
                abandon(opening);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while opening " + file);
            }
        }
    }

    /** Whoever gave up on an open closes its channel when (if ever) it arrives. */
    private static void abandon(CompletableFuture<FileChannel> opening) {
        opening.thenAccept(ch -> {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was read from it
            }
        });
    }

    /** Opening a FIFO read-write never blocks on Linux and counts as a writer: a reader stuck in open() returns. */
    private static void releaseFifo(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isOther() && kind(file, a).startsWith("a FIFO")) {
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).close();
            }
        } catch (IOException | RuntimeException e) {
            // not ours to write: the caller's deadline still bounds the wait
        }
    }

    private static void verify(Path file, BasicFileAttributes before, FileChannel channel) throws IOException {
        try {
            channel.position(); // lseek: fails on a FIFO, socket or terminal
        } catch (IOException e) {
            throw new NotRegularFileException(file, "replaced by a FIFO, socket or terminal while being opened: not read");
        }
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey())) {
            throw new NotRegularFileException(file, "replaced while being opened (now " + kind(file, after) + "): not read");
        }
    }

    /** A read-only channel that refuses to read past a cap. */
    static final class Capped implements SeekableByteChannel {
        private final FileChannel channel;
        private final long cap;
        private final Path file;
        /**
         * Counted as well as taken from the position: a device such as /dev/zero reads without moving it, and a
         * ZIP reader reads parts twice (the central directory, then the entries), hence twice the cap for the count.
         */
        private long read;

        Capped(FileChannel channel, long cap, Path file) {
            this.channel = channel;
            this.cap = cap;
            this.file = file;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = channel.read(dst);
            read += Math.max(n, 0);
            if (read > 2 * cap || channel.position() > cap) {
                throw new NotRegularFileException(file, "grew by more than " + GROWTH_ALLOWANCE + " bytes while being read, "
                        + "or is not the regular file it was: not read to the end");
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
