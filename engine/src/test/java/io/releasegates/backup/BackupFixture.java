package io.releasegates.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds real backup sets in a temporary folder: daily dumps, a .tar.gz and a .zip with real content, manifests
 * written by the real {@code sha256sum}, and restic repositories made by the real {@code restic}.
 */
final class BackupFixture {
    static final String PASSWORD = "correct horse battery staple";

    final Path root;
    final Instant now = Instant.now();

    BackupFixture(Path root) {
        this.root = root;
    }

    /**
     * A folder of {@code days} daily backups (newest 1 hour old): a dump, a tar.gz and a zip per day for the 3 newest
     * days, plain dumps before, and its SHA256SUMS ({@code binary}: written with {@code sha256sum -b}, the * marker).
     */
    Path dailyBackups(String name, int days, boolean binary) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        for (int d = 0; d < days; d++) {
            Instant at = now.minus(Duration.ofDays(d)).minus(Duration.ofHours(1));
            String day = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
            Path dump = dir.resolve("orders-" + day + ".dump");
            Files.write(dump, bytes(day, 20_000 + d * 1000));
            Files.setLastModifiedTime(dump, FileTime.from(at));
            if (d < 3) {
                Path tgz = dir.resolve("config-" + day + ".tar.gz");
                Files.write(tgz, tarGz(day));
                Files.setLastModifiedTime(tgz, FileTime.from(at.minusSeconds(60)));
                Path zip = dir.resolve("media-" + day + ".zip");
                Files.write(zip, zip(day));
                Files.setLastModifiedTime(zip, FileTime.from(at.minusSeconds(120)));
            }
        }
        writeManifest(dir, binary);
        return dir;
    }

    /** The same files as {@code source}, with their mtimes (what {@code cp -p} or rsync -a give). */
    Path mirror(Path source, String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return dir;
    }

    static void writeManifest(Path dir, boolean binary) throws IOException {
        Files.deleteIfExists(dir.resolve("SHA256SUMS"));
        exec(dir, Map.of(), "sh", "-c", "sha256sum " + (binary ? "-b " : "") + "* > SHA256SUMS");
    }

    /** A restic repository holding one snapshot of each folder, made with the real restic. */
    Path resticRepository(String name, Path... snapshotsOf) throws IOException {
        Path repo = root.resolve(name);
        Map<String, String> env = Map.of("RESTIC_PASSWORD", PASSWORD, "RESTIC_CACHE_DIR",
                root.resolve("restic-cache").toString());
        exec(root, env, "restic", "init", "--repo", repo.toString(), "--quiet");
        for (Path dir : snapshotsOf) {
            exec(dir, env, "restic", "--repo", repo.toString(), "backup", "--quiet", ".");
        }
        return repo;
    }

    Path passwordFile(String content) throws IOException {
        Path file = root.resolve("secrets").resolve("restic-" + Math.abs(content.hashCode()) + ".pw");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content + "\n");
    }

    Path config(String yaml) throws IOException {
        return Files.writeString(root.resolve("backups.yml"), yaml);
    }

    /** Path → size, mtime and SHA-256 of every file under the folders, to prove verification wrote nothing. */
    static Map<String, String> fingerprint(Path... dirs) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path dir : dirs) {
            if (!Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.toList()) {
                    if (Files.isRegularFile(p)) {
                        out.put(p.toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + " "
                                + io.releasegates.files.Digests.sha256(p));
                    } else if (Files.isDirectory(p)) {
                        out.put(p + "/", "dir " + Files.getLastModifiedTime(p).toMillis());
                    }
                }
            }
        }
        return out;
    }

    static void flipByte(Path file, long offset) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(file);
        file.toFile().setWritable(true);
        byte[] data = Files.readAllBytes(file);
        data[(int) offset] ^= 0x01;
        Files.write(file, data);
        Files.setLastModifiedTime(file, mtime);
    }

    static void truncate(Path file, long length) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] data = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(data, (int) length));
        Files.setLastModifiedTime(file, mtime);
    }

    static List<Path> files(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    static void exec(Path dir, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static byte[] bytes(String seed, int size) {
        byte[] data = new byte[size];
        new Random(seed.hashCode()).nextBytes(data);
        return data;
    }

    private static byte[] tarGz(String day) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(buf))) {
            for (String n : List.of("etc/app.conf", "etc/db.conf", "etc/cron.d/backup")) {
                byte[] content = (n + " of " + day + "\n").repeat(200).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(n);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }

    private static byte[] zip(String day) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream((OutputStream) buf)) {
            for (int i = 0; i < 3; i++) {
                zip.putArchiveEntry(new ZipArchiveEntry("media/image-" + i + ".bin"));
                zip.write(bytes(day + i, 5000));
                zip.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }
}
