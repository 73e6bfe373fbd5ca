package io.releasegates.inventory;

import io.releasegates.files.RegularFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads ZIP-family and TAR archives entry by entry for one walk: random access for archives that are files
 * (the package, jars in a directory), pure streaming for archives nested in archives. Nothing touches the disk.
 */
final class ArchiveReader {
    /** Nested ZIPs up to this size are read with random access from memory (one buffer per nesting level). */
    static final int MAX_IN_MEMORY_ZIP = 32 * 1024 * 1024;
    private final WalkState state;

    ArchiveReader(WalkState state) {
        this.state = state;
    }

    /** A ZIP that is a file: the central directory gives sizes up front, so declared bombs are caught unread. */
    void readZipFile(ZipFile zip, String container, int depth) {
        Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
        while (all.hasMoreElements() && !state.stopped()) {
            ZipArchiveEntry e = all.nextElement();
            String name = checkedName(e, container);
            String path = EntryNames.join(container, name);
            if (e.isDirectory() || e.isUnixSymlink() || !state.countEntry(path)) {
                continue;
            }
            long size = e.getSize();
            long csize = e.getCompressedSize();
            if (declaredBomb(size, csize)) {
                String limit = size > state.limits.maxEntryBytes() ? "more than " + state.limits.maxEntryBytes() + " bytes"
                        : "compression ratio above " + (long) state.limits.maxRatio() + ":1";
                state.finding(InventoryRule.ARCHIVE_BOMB, path, "declares " + size + " bytes from " + csize
                        + " compressed (" + limit + "); not read");
                continue;
            }
            if (!zip.canReadEntryData(e)) {
                state.finding(InventoryRule.CORRUPT_ARCHIVE, path, "unreadable entry (encrypted or unsupported method)");
                continue;
            }
            // opened on first read: most entries (class files) are never read, so never located nor inflated
            try (LazyEntryStream raw = new LazyEntryStream(zip, e)) {
                GuardedStream in = new GuardedStream(raw, state, path, () -> raw.compressedCount(csize));
                handle(new PackageEntry(path, name, container, size, depth, EntryNames.isArchive(name)), in);
            } catch (ArchiveBombException bomb) {
                // recorded by the guard; random access lets the next entry be read regardless
            } catch (IOException ex) {
                state.finding(InventoryRule.CORRUPT_ARCHIVE, path, "unreadable entry: " + message(ex));
            }
        }
    }

    /** The content of one entry: a file goes to the visitor, an archive is hashed and, if allowed, opened. */
    void handle(PackageEntry entry, GuardedStream in) throws IOException {
        if (entry.archive()) {
            nested(entry, in);
        } else {
            try {
                state.visitor.entry(entry, in);
            } catch (ArchiveBombException bomb) {
                // the guard has recorded it; rethrown below so that a streamed archive stops here
            }
        }
        if (in.tripped()) {
            throw in.bomb();
        }
    }

    private void nested(PackageEntry entry, GuardedStream in) throws IOException {
        DigestingStream digesting = new DigestingStream(in, state.nestedDigests);
        boolean open = state.visitor.enterArchive(entry);
        if (open && entry.depth() >= state.limits.maxDepth()) {
            state.finding(InventoryRule.DEPTH_LIMIT, entry.path(), "nested " + (entry.depth() + 1)
                    + " archives deep; not opened (limit " + state.limits.maxDepth() + ")");
            open = false;
        }
        state.archives++;
        if (open) {
            try {
                readNested(digesting, entry);
            } catch (ArchiveBombException bomb) {
                // recorded; the rest of this archive is not read (skipping could inflate the bomb)
            } catch (IOException ex) {
                state.finding(InventoryRule.CORRUPT_ARCHIVE, entry.path(), message(ex));
            }
        }
        ArchiveDigests digests = ArchiveDigests.NONE;
        if (!in.tripped() && !state.stopped()) {
            try {
                digests = digesting.drain();
            } catch (ArchiveBombException bomb) {
                // recorded by the guard
            }
        }
        state.visitor.leaveArchive(entry, digests);
    }

    /**
     * A nested ZIP of at most {@link #MAX_IN_MEMORY_ZIP} bytes is read into memory and opened with random access like
     * a ZIP file: only the entries a visitor reads are inflated (a WAR's jars are mostly class files nobody reads),
     * and declared bombs are caught unread. Larger ones, TARs and ZIPs without a readable central directory
     * (truncated, or not a ZIP at all) are streamed as before.
     */
    private void readNested(DigestingStream digesting, PackageEntry entry) throws IOException {
        if (EntryNames.isTar(entry.name()) || entry.size() > MAX_IN_MEMORY_ZIP) {
            readStream(digesting, entry.path(), entry.name(), entry.depth() + 1);
            return;
        }
        byte[] head = digesting.readNBytes(MAX_IN_MEMORY_ZIP + 1);
        if (head.length <= MAX_IN_MEMORY_ZIP) {
            ZipFile zip = null;
            try {
                zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(head))
                        .setCharset(StandardCharsets.UTF_8).setUseUnicodeExtraFields(true).get();
            } catch (IOException | RuntimeException notRandomAccess) {
                // streamed below, which reports what is wrong with it the way it always did
            }
            if (zip != null) {
                try (ZipFile open = zip) {
                    readZipFile(open, entry.path(), entry.depth() + 1);
                }
                return;
            }
        }
        readStream(new SequenceInputStream(new ByteArrayInputStream(head), digesting), entry.path(), entry.name(),
                entry.depth() + 1);
    }

    /** An archive only available as a stream: nested in another, or a TAR.GZ package. */
    void readStream(InputStream in, String container, String name, int depth) throws IOException {
        if (EntryNames.isTar(name)) {
            readTar(in, container, depth, name.toLowerCase(java.util.Locale.ROOT).endsWith(".tar") ? null : name);
            return;
        }
        BufferedInputStream buffered = new BufferedInputStream(in, 8192);
        buffered.mark(4);
        byte[] magic = buffered.readNBytes(4);
        buffered.reset();
        if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 5 && magic[3] == 6) {
            return; // an empty ZIP: only the end-of-central-directory record
        }
        if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
            throw new IOException("not a ZIP archive");
        }
        ZipArchiveInputStream zip = new ZipArchiveInputStream(buffered, StandardCharsets.UTF_8.name(), true, true);
        for (ZipArchiveEntry e; !state.stopped() && (e = zip.getNextEntry()) != null; ) {
            String entryName = checkedName(e, container);
            String path = EntryNames.join(container, entryName);
            if (e.isDirectory() || !state.countEntry(path)) {
                continue;
            }
            if (!zip.canReadEntryData(e)) {
                state.finding(InventoryRule.CORRUPT_ARCHIVE, path, "unreadable entry (encrypted or unsupported method)");
                continue;
            }
            GuardedStream guarded = new GuardedStream(zip, state, path, zip::getCompressedCount);
            handle(new PackageEntry(path, entryName, container, e.getSize(), depth, EntryNames.isArchive(entryName)),
                    guarded);
        }
    }

    /** @param gzipName the archive's name when it is gzip-compressed, for the guard of the whole stream */
    void readTar(InputStream in, String container, int depth, String gzipName) throws IOException {
        InputStream source = in;
        if (gzipName != null) {
            GzipCompressorInputStream gzip = GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            String where = container.isEmpty() ? gzipName : container;
            source = new GuardedStream(gzip, state, where, gzip::getCompressedCount);
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(source, StandardCharsets.UTF_8.name());
        for (TarArchiveEntry e; !state.stopped() && (e = tar.getNextEntry()) != null; ) {
            EntryNames.Name n = EntryNames.fromText(e.getName());
            String name = n.display();
            String path = EntryNames.join(container, name);
            checkName(n, path);
            if (e.isSymbolicLink() || e.isLink()) {
                checkLinkTarget(path, name, e.getLinkName());
                continue;
            }
            if (!e.isFile() || !state.countEntry(path)) {
                continue;
            }
            GuardedStream guarded = new GuardedStream(tar, state, path, null);
            handle(new PackageEntry(path, name, container, e.getSize(), depth, EntryNames.isArchive(name)), guarded);
        }
    }

    /** Opens a ZIP file (the package or a jar in a package directory) and reads it with random access. */
    static ZipFile openZip(Path file) throws IOException {
        return ZipFile.builder().setSeekableByteChannel(RegularFiles.open(file)).setCharset(StandardCharsets.UTF_8).setUseUnicodeExtraFields(true).get();
    }

    private boolean declaredBomb(long size, long csize) {
        WalkLimits limits = state.limits;
        if (size > limits.maxEntryBytes()) {
            return true;
        }
        return size > limits.ratioFloorBytes() && csize > 0 && (double) size / csize > limits.maxRatio();
    }

    private String checkedName(ZipArchiveEntry e, String container) {
        // names flagged as UTF-8 or carried in a Unicode extra field are trusted as decoded; others are checked raw
        EntryNames.Name n = e.getGeneralPurposeBit().usesUTF8ForNames() || e.getNameSource()
                != ZipArchiveEntry.NameSource.NAME ? EntryNames.fromText(e.getName()) : EntryNames.decode(e.getRawName());
        checkName(n, EntryNames.join(container, n.display()));
        return n.display();
    }

    private void checkName(EntryNames.Name n, String path) {
        if (n.badEncoding()) {
            state.finding(InventoryRule.NAME_ENCODING, path, "entry name is not valid UTF-8 or holds control characters");
        }
        if (EntryNames.unsafe(n.display())) {
            state.finding(InventoryRule.UNSAFE_PATH, path,
                    "entry name is absolute or climbs out with '..' (zip-slip if extracted)");
        }
    }

    private void checkLinkTarget(String path, String name, String target) {
        String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
        if (EntryNames.unsafe(target) && (target.startsWith("/") || escapes(dir + target))) {
            state.finding(InventoryRule.UNSAFE_PATH, path, "link points outside the archive: "
                    + EntryNames.fromText(target).display());
        }
    }

    private static boolean escapes(String relative) {
        int level = 0;
        for (String segment : relative.split("/")) {
            if (segment.equals("..")) {
                level--;
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                level++;
            }
            if (level < 0) {
                return true;
            }
        }
        return false;
    }

    static String message(Exception ex) {
        String m = ex.getMessage();
        String text = m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
        if (ex instanceof java.io.EOFException) {
            text = "truncated (" + text + ")";
        }
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
