package io.releasegates.inventory;

import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Streams through a release package and hands every entry to a {@link PackageVisitor}; the engine's one way into
 * packages, shared by the inventory and the scan gates.
 *
 * <p>Accepted packages: WAR, EAR, JAR (Spring Boot fat jars with {@code BOOT-INF/lib} included), ZIP, TAR, TAR.GZ
 * (recognised by content, not by name) and directories. Archives inside the package (by name: {@code .jar .war
 * .ear .zip .sar .hpi .jpi .aar .tar .tar.gz .tgz}) are opened recursively up to {@link WalkLimits#maxDepth()},
 * hashed (SHA-1, SHA-256, or what {@link WalkDigests} asks for) in the same pass, and never extracted: nothing is written to disk, and memory stays
 * bounded by one buffer per nesting level (a nested ZIP of up to 32 MiB is held in memory and read with random
 * access, so that entries no visitor reads, such as class files, are never inflated; larger ones are streamed).
 *
 * <p>Untrusted input never hangs or exhausts the walk: zip bombs (entry size, ratio, total size), zip-slip and
 * absolute entry names, non-UTF-8 names, symbolic links leaving a package directory or looping, corrupt or truncated
 * nested archives and too many entries each become a {@link io.releasegates.report.Finding} ({@code RG-INV-…},
 * see {@link InventoryRule}) in the {@link WalkResult}; limits that stop the walk also add an error there.
 * A package that cannot be read at all (missing, not an archive, corrupt or truncated at the top level) throws
 * {@link BadInputException} with a one-line message naming the file.
 *
 * <pre>{@code
 * WalkResult result = new PackageWalker().walk(Path.of("app.war"), (entry, content) -> {
 *     if (entry.name().endsWith(".properties")) {
 *         byte[] head = content.readNBytes(64 * 1024);   // entry.path(): "WEB-INF/lib/a.jar!/x.properties"
 *     }
 * });
 * }</pre>
 *
 * <p>A walker holds only its limits: one instance may walk many packages, from several threads.
 */
public final class PackageWalker {
    private final WalkLimits limits;
    private final WalkDigests digests;

    public PackageWalker() {
        this(WalkLimits.defaults());
    }

    public PackageWalker(WalkLimits limits) {
        this(limits, WalkDigests.ALL);
    }

    /** @param digests which hashes to compute (those left out are empty in {@link ArchiveDigests}) */
    public PackageWalker(WalkLimits limits, WalkDigests digests) {
        this.limits = limits;
        this.digests = digests;
    }

    public WalkLimits limits() {
        return limits;
    }

    public WalkDigests digests() {
        return digests;
    }

    /**
     * Walks {@code pkg}, calling {@code visitor} for the package, every entry and every nested archive.
     *
     * An {@code IOException} thrown by the visitor while it reads an entry is treated like unreadable content: a
     * {@code RG-INV-CORRUPT-ARCHIVE} finding for that entry (in a streamed archive, the rest of it is skipped).
     *
     * @throws BadInputException when the package itself is missing, unreadable, of an unknown type or corrupt
     */
    public WalkResult walk(Path pkg, PackageVisitor visitor) {
        String name = pkg.getFileName() == null ? pkg.toString() : pkg.getFileName().toString();
        WalkState state = new WalkState(limits, digests.ofNested(), name, visitor);
        if (Files.isDirectory(pkg)) {
            walkDirectory(pkg, name, state);
            return state.result(ArchiveDigests.NONE);
        }
        if (!Files.isRegularFile(pkg)) {
            throw new BadInputException(pkg + ": no such file or directory");
        }
        Kind kind = sniff(pkg);
        long size;
        try {
            size = Files.size(pkg);
        } catch (IOException e) {
            throw new BadInputException(pkg + ": cannot read (" + ArchiveReader.message(e) + ")", e);
        }
        // the package's own hashes are computed on another core while the walk reads the same (cached) bytes
        CompletableFuture<ArchiveDigests> hashing = CompletableFuture.supplyAsync(() -> {
            try {
                return DigestingStream.of(pkg.toRealPath(), digests.ofPackage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        PackageEntry root = new PackageEntry("", name, "", size, 0, true);
        state.archives++;
        if (visitor.enterArchive(root)) {
            readRoot(pkg, kind, state);
        }
        ArchiveDigests digests;
        try {
            digests = hashing.join();
        } catch (CompletionException e) {
            throw new BadInputException(pkg + ": cannot read (" + ArchiveReader.message(
                    e.getCause() instanceof Exception cause ? cause : e) + ")", e);
        }
        visitor.leaveArchive(root, digests);
        return state.result(digests);
    }

    private enum Kind { ZIP, TAR, TAR_GZ }

    private static Kind sniff(Path pkg) {
        byte[] head;
        try (InputStream in = RegularFiles.newInputStream(pkg.toRealPath())) {
            head = in.readNBytes(512);
        } catch (IOException e) {
            throw new BadInputException(pkg + ": cannot read (" + ArchiveReader.message(e) + ")", e);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
            return Kind.ZIP;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Kind.TAR_GZ;
        }
        if (head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
            return Kind.TAR;
        }
        // a fully executable Spring Boot jar (zipkin-server-*-exec.jar) starts with a launch script: the ZIP is found
        // from its end-of-central-directory record, as the JVM and unzip find it
        if (head.length >= 2 && head[0] == '#' && head[1] == '!' && hasZipEnd(pkg)) {
            return Kind.ZIP;
        }
        throw new BadInputException(pkg + ": not a package (expected a WAR, EAR, JAR, ZIP, TAR, TAR.GZ or a directory)");
    }

    /** True when the file's last 64 KiB (a ZIP comment's most, plus the record) hold an end-of-central-directory record. */
    private static boolean hasZipEnd(Path pkg) {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(pkg.toRealPath())) {
            long size = ch.size();
            int tail = (int) Math.min(size, 0xFFFF + 22);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(tail);
            ch.position(size - tail);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read the whole tail
            }
            byte[] b = buf.array();
            for (int i = tail - 22; i >= 0; i--) {
                if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void readRoot(Path pkg, Kind kind, WalkState state) {
        ArchiveReader reader = new ArchiveReader(state);
        if (kind == Kind.ZIP) {
            try (ZipFile zip = ArchiveReader.openZip(pkg.toRealPath())) {
                reader.readZipFile(zip, "", 0);
            } catch (IOException e) {
                throw new BadInputException(pkg + ": corrupt or truncated ZIP archive (" + ArchiveReader.message(e)
                        + ")", e);
            }
            return;
        }
        try (InputStream in = RegularFiles.newInputStream(pkg.toRealPath())) {
            reader.readTar(in, "", 0, kind == Kind.TAR_GZ ? pkg.getFileName().toString() : null);
        } catch (ArchiveBombException bomb) {
            // recorded as a finding; whatever is left of the stream cannot be read safely
            state.stop("stopped at an archive bomb: inventory incomplete");
        } catch (IOException e) {
            throw new BadInputException(pkg + ": corrupt or truncated " + (kind == Kind.TAR ? "TAR" : "TAR.GZ")
                    + " archive (" + ArchiveReader.message(e) + ")", e);
        }
    }

    /** Directories are walked without following links: links are judged, never entered, so loops cannot happen. */
    private static void walkDirectory(Path dir, String name, WalkState state) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot read (" + ArchiveReader.message(e) + ")", e);
        }
        PackageEntry root = new PackageEntry("", name, "", -1, 0, true);
        state.archives++;
        if (state.visitor.enterArchive(root)) {
            try {
                Files.walkFileTree(dir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                        new DirectoryVisitor(dir, real, state));
            } catch (IOException e) {
                state.error(dir + ": cannot read (" + ArchiveReader.message(e) + ")");
            }
        }
        state.visitor.leaveArchive(root, ArchiveDigests.NONE);
    }

    private static final class DirectoryVisitor extends SimpleFileVisitor<Path> {
        private final Path dir;
        private final Path real;
        private final WalkState state;
        private final ArchiveReader reader;

        DirectoryVisitor(Path dir, Path real, WalkState state) {
            this.dir = dir;
            this.real = real;
            this.state = state;
            this.reader = new ArchiveReader(state);
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (state.stopped()) {
                return FileVisitResult.TERMINATE;
            }
            String rel = relative(file);
            if (attrs.isSymbolicLink()) {
                judgeLink(file, rel);
                return FileVisitResult.CONTINUE;
            }
            if (attrs.isOther()) {
                // a FIFO would block the read, a device never end it: named, never opened
                state.finding(InventoryRule.CORRUPT_ARCHIVE, EntryNames.fromText(rel).display(),
                        "unreadable file: " + RegularFiles.kind(file, attrs) + "; not read");
                return FileVisitResult.CONTINUE;
            }
            if (!attrs.isRegularFile() || !state.countEntry(rel)) {
                return FileVisitResult.CONTINUE;
            }
            EntryNames.Name n = EntryNames.fromText(rel);
            if (n.badEncoding()) {
                state.finding(InventoryRule.NAME_ENCODING, n.display(), "file name holds control or undecodable characters");
            }
            PackageEntry entry = new PackageEntry(n.display(), n.display(), "", attrs.size(), 0,
                    EntryNames.isArchive(rel));
            if (entry.archive()) {
                archiveFile(file, entry);
            } else {
                try (InputStream in = RegularFiles.newInputStream(file)) {
                    state.visitor.entry(entry, new GuardedStream(in, state, entry.path(), null));
                } catch (ArchiveBombException bomb) {
                    return state.stopped() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                } catch (IOException e) {
                    state.finding(InventoryRule.CORRUPT_ARCHIVE, entry.path(), "unreadable file: " + ArchiveReader.message(e));
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
            state.error(state.subject + ": cannot read " + relative(file) + " (" + ArchiveReader.message(exc) + ")");
            return FileVisitResult.CONTINUE;
        }

        private void archiveFile(Path file, PackageEntry entry) throws IOException {
            boolean open = state.visitor.enterArchive(entry);
            state.archives++;
            if (open && entry.depth() >= state.limits.maxDepth()) {
                state.finding(InventoryRule.DEPTH_LIMIT, entry.path(), "not opened (depth limit)");
                open = false;
            }
            if (open) {
                readArchiveFile(file, entry);
            }
            state.visitor.leaveArchive(entry, DigestingStream.of(file, state.nestedDigests));
        }

        private void readArchiveFile(Path file, PackageEntry entry) {
            try {
                if (EntryNames.isTar(entry.name())) {
                    try (InputStream in = RegularFiles.newInputStream(file)) {
                        reader.readStream(in, entry.path(), entry.name(), 1);
                    }
                } else {
                    try (ZipFile zip = ArchiveReader.openZip(file)) {
                        reader.readZipFile(zip, entry.path(), 1);
                    }
                }
            } catch (ArchiveBombException bomb) {
                // recorded by the guard
            } catch (IOException e) {
                state.finding(InventoryRule.CORRUPT_ARCHIVE, entry.path(), ArchiveReader.message(e));
            }
        }

        private void judgeLink(Path link, String rel) {
            Path target;
            try {
                target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            } catch (IOException e) {
                return;
            }
            Path realTarget;
            try {
                realTarget = target.toRealPath();
            } catch (IOException e) {
                realTarget = target.toAbsolutePath().normalize(); // dangling: judge where it would point
            }
            if (!realTarget.startsWith(real)) {
                state.finding(InventoryRule.SYMLINK_ESCAPE, rel, "symbolic link points outside the package directory");
                return;
            }
            Path realParent;
            try {
                realParent = link.getParent().toRealPath();
            } catch (IOException e) {
                return;
            }
            if (Files.isDirectory(realTarget) && realParent.startsWith(realTarget)) {
                state.finding(InventoryRule.SYMLINK_LOOP, rel, "symbolic link points to its own ancestor directory; not followed");
            }
        }

        private String relative(Path file) {
            return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        }
    }
}
