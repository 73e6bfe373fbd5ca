package io.releasegates.integrity;

import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a directory tree without following any symlink: one {@code lstat} per path, then the SHA-256 of every
 * regular file on all cores. Devices, FIFOs and sockets are recorded by type and never opened; a path that cannot
 * be read is recorded with its problem instead of stopping the walk.
 */
public final class TreeScanner {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** Small enough to stay in the L2 cache between the kernel copy and the digest. */
    private static final int BUFFER = 1 << 16;

    private final PathFilter filter;
    private final int threads;
    private final Map<Integer, String> userNames = new ConcurrentHashMap<>();
    private final Map<Integer, String> groupNames = new ConcurrentHashMap<>();
    private Boolean unixView;

    public TreeScanner(PathFilter filter) {
        this(filter, Runtime.getRuntime().availableProcessors());
    }

    public TreeScanner(PathFilter filter, int threads) {
        this.filter = filter == null ? PathFilter.ALL : filter;
        this.threads = Math.max(1, threads);
    }

    /** Walks and hashes {@code dir}; the only bad input is a root that is not a readable directory. */
    public TreeSnapshot scan(Path dir) {
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(dir + ": no such directory");
        }
        if (!Files.isDirectory(root)) {
            throw new BadInputException(dir + ": not a directory");
        }
        Map<String, TreeEntry> entries = new LinkedHashMap<>();
        Hasher hasher = new Hasher(root, threads);
        try {
            String problem = walk(root, "", entries, hasher);
            if (problem != null) {
                throw new BadInputException(dir + ": " + problem);
            }
            for (TreeEntry hashed : hasher.results()) {
                entries.put(hashed.path(), hashed);
            }
            return TreeSnapshot.of(root, entries, hasher.bytes());
        } finally {
            hasher.close();
        }
    }

    /**
     * Reads one path below {@code root} as {@link #scan} would, and everything under it when it is a directory: what
     * a watcher re-reads after a change there (only the path itself unless {@code subtree}). Globs apply to paths
     * relative to {@code root}. Empty when the path does not exist (or is excluded).
     *
     * @param root the tree's real path ({@link TreeSnapshot#root()})
     * @param rel  relative to {@code root}, {@code /}-separated; empty for the whole tree
     */
    public TreeSnapshot scanPath(Path root, String rel, boolean subtree) {
        if (rel.isEmpty()) {
            return scan(root);
        }
        Map<String, TreeEntry> entries = new LinkedHashMap<>();
        Path path = root.resolve(rel);
        if (filter.isExcluded(rel) || !Files.exists(path, NOFOLLOW)) {
            return TreeSnapshot.of(root, entries, 0);
        }
        Hasher hasher = new Hasher(root, threads);
        try {
            TreeEntry entry = stat(path, rel);
            if (filter.keeps(rel) || entry.problem() != null) {
                entries.put(rel, entry);
                if (entry.type() == EntryType.FILE && entry.problem() == null) {
                    hasher.submit(entry);
                }
            }
            if (subtree && entry.type() == EntryType.DIRECTORY && entry.problem() == null) {
                String problem = walk(path, rel, entries, hasher);
                if (problem != null) {
                    entries.put(rel, withProblem(entry, problem));
                }
            }
            for (TreeEntry hashed : hasher.results()) {
                entries.put(hashed.path(), hashed);
            }
            return TreeSnapshot.of(root, entries, hasher.bytes());
        } finally {
            hasher.close();
        }
    }

    /** Returns why {@code dir} could not be listed, or null; the problem lands on the directory's own entry. */
    private String walk(Path dir, String rel, Map<String, TreeEntry> entries, Hasher hasher) {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                children.add(new Child(child.getFileName().toString(), child));
            }
        } catch (IOException | RuntimeException e) {
            return "cannot list directory: " + describe(e);
        }
        children.sort(null);
        for (Child c : children) {
            // the listed Path keeps the raw name bytes, so names that are not valid UTF-8 still open
            Path child = c.path();
            String childRel = rel.isEmpty() ? c.name() : rel + "/" + c.name();
            if (filter.isExcluded(childRel)) {
                continue;
            }
            TreeEntry entry = stat(child, childRel);
            if (filter.keeps(childRel) || entry.problem() != null) {
                entries.put(childRel, entry);
                if (entry.type() == EntryType.FILE && entry.problem() == null) {
                    hasher.submit(entry);
                }
            }
            if (entry.type() == EntryType.DIRECTORY && entry.problem() == null) {
                String problem = walk(child, childRel, entries, hasher);
                if (problem != null) {
                    entries.put(childRel, withProblem(entry, problem));
                }
            }
        }
        return null;
    }

    private record Child(String name, Path path) implements Comparable<Child> {
        @Override
        public int compareTo(Child o) {
            return name.compareTo(o.name);
        }
    }

    private TreeEntry stat(Path path, String rel) {
        try {
            if (unixView == null || unixView) {
                try {
                    Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size", NOFOLLOW);
                    unixView = true;
                    int mode = (Integer) a.get("mode");
                    EntryType type = EntryType.fromUnixMode(mode);
                    return entry(path, rel, type, (Long) a.get("size"), TreeEntry.octal(mode),
                            userName(path, (Integer) a.get("uid")), groupName(path, (Integer) a.get("gid")));
                } catch (UnsupportedOperationException | IllegalArgumentException e) {
                    unixView = false;
                }
            }
            try {
                PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW);
                return entry(path, rel, basicType(a), a.size(), TreeEntry.octal(bits(a.permissions())),
                        a.owner().getName(), a.group().getName());
            } catch (UnsupportedOperationException e) {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
                return entry(path, rel, basicType(a), a.size(), null, null, null);
            }
        } catch (IOException | RuntimeException e) {
            return new TreeEntry(rel, EntryType.OTHER, 0, null, null, null, null, null, "cannot stat: " + describe(e));
        }
    }

    private static TreeEntry entry(Path path, String rel, EntryType type, long size, String mode, String owner,
                                   String group) {
        if (type == EntryType.SYMLINK) {
            try {
                return new TreeEntry(rel, type, size, mode, owner, group, null, Files.readSymbolicLink(path).toString(), null);
            } catch (IOException | RuntimeException e) {
                return new TreeEntry(rel, type, size, mode, owner, group, null, null, "cannot read link: " + describe(e));
            }
        }
        return new TreeEntry(rel, type, type == EntryType.FILE ? size : 0, mode, owner, group, null, null, null);
    }

    private static EntryType basicType(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return EntryType.SYMLINK;
        }
        if (a.isDirectory()) {
            return EntryType.DIRECTORY;
        }
        return a.isRegularFile() ? EntryType.FILE : EntryType.OTHER;
    }

    private static int bits(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 0400 >> p.ordinal();
        }
        return bits;
    }

    /** Name lookups cost a passwd/group read each; a tree has few distinct owners, so cache by id. */
    private String userName(Path path, int uid) throws IOException {
        String name = userNames.get(uid);
        if (name == null) {
            name = Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW).owner().getName();
            userNames.put(uid, name);
        }
        return name;
    }

    private String groupName(Path path, int gid) throws IOException {
        String name = groupNames.get(gid);
        if (name == null) {
            name = Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW).group().getName();
            groupNames.put(gid, name);
        }
        return name;
    }

    /**
     * Hashes files on all cores while the walk goes on, so that listing directories and hashing overlap. Each
     * thread keeps its own digest and buffer.
     */
    private static final class Hasher {
        private final Path root;
        private final ExecutorService pool;
        private final List<Future<TreeEntry>> pending = new ArrayList<>();
        private final AtomicLong bytes = new AtomicLong();
        private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(() -> Digests.newDigest("SHA-256"));
        private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER));

        Hasher(Path root, int threads) {
            this.root = root;
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "integrity-hash");
                t.setDaemon(true);
                return t;
            });
        }

        void submit(TreeEntry entry) {
            pending.add(pool.submit(() -> hash(entry)));
        }

        List<TreeEntry> results() {
            List<TreeEntry> done = new ArrayList<>(pending.size());
            try {
                for (Future<TreeEntry> f : pending) {
                    done.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while hashing", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("hashing failed", e.getCause());
            }
            return done;
        }

        long bytes() {
            return bytes.get();
        }

        void close() {
            pool.shutdownNow();
        }

        /**
         * Opened through {@link RegularFiles}: a file swapped for a symlink, FIFO or device after the walk is refused
         * and recorded, not followed, read or waited on.
         */
        private TreeEntry hash(TreeEntry e) {
            MessageDigest md = digests.get();
            ByteBuffer buffer = buffers.get();
            md.reset();
            long total = 0;
            try (SeekableByteChannel ch = RegularFiles.open(root.resolve(e.path()))) {
                for (int n; (n = ch.read(buffer.clear())) >= 0; ) {
                    md.update(buffer.array(), 0, n);
                    total += n;
                }
            } catch (IOException | RuntimeException ex) {
                return withProblem(e, "cannot read: " + describe(ex));
            }
            bytes.addAndGet(total);
            return new TreeEntry(e.path(), e.type(), total, e.mode(), e.owner(), e.group(),
                    HexFormat.of().formatHex(md.digest()), null, null);
        }
    }

    private static TreeEntry withProblem(TreeEntry e, String problem) {
        return new TreeEntry(e.path(), e.type(), e.size(), e.mode(), e.owner(), e.group(), null, e.target(), problem);
    }

    static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "vanished during the check";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
