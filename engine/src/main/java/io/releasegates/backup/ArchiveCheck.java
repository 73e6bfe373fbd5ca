package io.releasegates.backup;

import io.releasegates.files.RegularFiles;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Proves an archive opens and lists completely, reading every entry to its end so that truncation and CRC damage
 * show. Nothing is extracted to disk. Archives are untrusted: expansion beyond {@link #MAX_RATIO} times the file size
 * (a zip bomb) stops the read and is reported instead of being followed to the end.
 * PostgreSQL custom-format dumps ({@code PGDMP} magic) are listed with {@code pg_restore --list} when it is installed.
 */
final class ArchiveCheck {
    static final long MAX_RATIO = 1000;
    private static final long MIN_BUDGET = 1L << 30;

    private ArchiveCheck() {
    }

    static boolean applies(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".zip") || n.endsWith(".tar")
                || n.endsWith(".dump") || n.endsWith(".pgdump") || n.endsWith(".backup");
    }

    /** Empty when the archive is complete; else one line saying what is wrong. */
    static Optional<String> check(Path file, String pgRestore) {
        return check(file, pgRestore, Math.max(MIN_BUDGET, safeSize(file) * MAX_RATIO));
    }

    /** As {@link #check(Path, String)} with an explicit limit on the bytes an archive may expand to. */
    static Optional<String> check(Path file, String pgRestore, long budget) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (n.endsWith(".zip")) {
                return zip(file, budget);
            }
            if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
                try (InputStream in = GzipCompressorInputStream.builder()
                        .setInputStream(new BufferedInputStream(RegularFiles.newInputStream(file)))
                        .setDecompressConcatenated(true).get()) {
                    return tar(in, budget);
                }
            }
            if (n.endsWith(".tar")) {
                try (InputStream in = new BufferedInputStream(RegularFiles.newInputStream(file))) {
                    return tar(in, budget);
                }
            }
            return pgDump(file, pgRestore);
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot be read as an archive: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage().replaceAll("\\s+", " ") + ")"));
        }
    }

    private static Optional<String> zip(Path file, long budget) throws IOException {
        long total = 0;
        int entries = 0;
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(RegularFiles.open(file)).get()) {
            byte[] buf = new byte[1 << 16];
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                entries++;
                if (entry.isDirectory()) {
                    continue;
                }
                if (!zip.canReadEntryData(entry)) {
                    return Optional.of("entry '" + entry.getName() + "' uses an unsupported method or encryption");
                }
                // commons-compress does not verify CRCs on its own: damaged entry data only shows here
                CRC32 crc = new CRC32();
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int r; (r = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, r);
                        total += r;
                        if (total > budget) {
                            return Optional.of("expands beyond " + budget + " bytes (zip bomb?); listing stopped");
                        }
                    }
                }
                if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
                    return Optional.of("entry '" + entry.getName() + "' fails its CRC-32 check");
                }
            }
        }
        return entries == 0 ? Optional.of("zip archive lists no entries") : Optional.empty();
    }

    private static Optional<String> tar(InputStream raw, long budget) throws IOException {
        long total = 0;
        int entries = 0;
        byte[] buf = new byte[1 << 16];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries++;
                long read = 0;
                for (int r; (r = tar.read(buf)) > 0; ) {
                    read += r;
                    total += r;
                    if (total > budget) {
                        return Optional.of("expands beyond " + budget + " bytes (tar bomb?); listing stopped");
                    }
                }
                if (!entry.isDirectory() && read != entry.getSize()) {
                    return Optional.of("entry '" + entry.getName() + "' ends after " + read + " of "
                            + entry.getSize() + " bytes");
                }
            }
        }
        return entries == 0 ? Optional.of("tar archive lists no entries") : Optional.empty();
    }

    private static Optional<String> pgDump(Path file, String pgRestore) throws IOException {
        byte[] magic = new byte[5];
        try (InputStream in = RegularFiles.newInputStream(file)) {
            if (in.readNBytes(magic, 0, 5) < 5 || !"PGDMP".equals(new String(magic, StandardCharsets.US_ASCII))) {
                return Optional.empty(); // not a custom-format dump: nothing to list
            }
        }
        if (pgRestore == null) {
            return Optional.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(pgRestore, "--list", file.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Path err = Files.createTempFile("rg-pg-restore", ".err");
        try {
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Optional.of("pg_restore --list did not finish in 10 minutes");
            }
            if (p.exitValue() != 0) {
                String msg = Files.readString(err, StandardCharsets.UTF_8).trim().replaceAll("\\s+", " ");
                return Optional.of("pg_restore --list failed: " + (msg.isEmpty() ? "exit " + p.exitValue() : msg));
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pg_restore ran", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static long safeSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
