package io.releasegates.backup;

import io.releasegates.report.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Generates a small, healthy local backup set and its {@code backups.yml} for the bundled demo
 * ({@code release-gates check} without a config): three folder copies on three media, one offsite, a week of daily
 * dumps and config archives, manifests in {@code sha256sum} format. No restic, so the demo needs no extra binary.
 */
public final class DemoBackupSet {
    private DemoBackupSet() {
    }

    /** Writes the set under {@code root} (created if needed) and returns the path of its {@code backups.yml}. */
    public static Path create(Path root, Instant now) throws IOException {
        Path primary = Files.createDirectories(root.resolve("primary"));
        for (int d = 0; d < 7; d++) {
            Instant at = now.minus(Duration.ofDays(d)).minus(Duration.ofHours(2));
            String day = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
            byte[] dump = new byte[16_384];
            new Random(day.hashCode()).nextBytes(dump);
            write(primary.resolve("shop-db-" + day + ".dump"), dump, at);
            write(primary.resolve("shop-config-" + day + ".tar.gz"), configArchive(day), at.minusSeconds(60));
        }
        writeManifest(primary);
        mirror(primary, Files.createDirectories(root.resolve("nas")));
        mirror(primary, Files.createDirectories(root.resolve("offsite")));
        Path config = root.resolve("backups.yml");
        Files.writeString(config, """
                # generated demo backup set (io.releasegates.backup.DemoBackupSet); see docs/backups.md
                drill: { files: 2, state-file: drill-state.json }
                backup-sets:
                  - name: shop-db
                    rpo: 24h
                    min-backups: 7
                    copies:
                      - { location: primary, media: disk }
                      - { location: nas, media: nas }
                      - { location: offsite, media: usb-disk, offsite: true }
                """, StandardCharsets.UTF_8);
        return config;
    }

    private static void write(Path file, byte[] content, Instant mtime) throws IOException {
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    /** The manifest exactly as {@code sha256sum * > SHA256SUMS} writes it (text mode, two spaces). */
    private static void writeManifest(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            sb.append(Digests.sha256(f)).append("  ").append(f.getFileName()).append('\n');
        }
        Files.writeString(dir.resolve("SHA256SUMS"), sb.toString(), StandardCharsets.UTF_8);
    }

    private static void mirror(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static byte[] configArchive(String day) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(buf);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (String name : List.of("etc/shop/application.yml", "etc/shop/logging.xml")) {
                byte[] content = ("# " + name + " as of " + day + "\n").getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }
}
