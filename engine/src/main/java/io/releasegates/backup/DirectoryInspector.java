package io.releasegates.backup;

import io.releasegates.backup.BackupConfig.Copy;
import io.releasegates.backup.CopyScan.BackupFile;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Inspects a plain directory copy: lists its files (symbolic links are never followed), reads the manifest, hashes
 * every listed file on all cores and self-checks archives, all read-only. Every problem becomes a finding; nothing
 * stops at the first one.
 */
final class DirectoryInspector {
    private final ExecutorService pool;
    private final boolean archives;
    private final String pgRestore;

    DirectoryInspector(ExecutorService pool, boolean archives, String pgRestore) {
        this.pool = pool;
        this.archives = archives;
        this.pgRestore = pgRestore;
    }

    /** Hashing and archive work in flight for one copy; {@link #finish} waits for it. */
    final class Pending {
        private final Copy copy;
        private final String subject;
        private final List<BackupFile> files;
        private final Map<String, String> manifest;
        private final Map<String, Future<FileHasher.Result>> hashes = new LinkedHashMap<>();
        private final Map<String, Future<Optional<String>>> archiveChecks = new LinkedHashMap<>();
        private final CopyScan unreachable;

        private Pending(Copy copy, String subject, List<BackupFile> files, Map<String, String> manifest,
                        CopyScan unreachable) {
            this.copy = copy;
            this.subject = subject;
            this.files = files;
            this.manifest = manifest;
            this.unreachable = unreachable;
        }

        CopyScan finish(List<Finding> findings) {
            if (unreachable != null) {
                return unreachable;
            }
            Map<String, String> actual = new TreeMap<>();
            Map<String, Long> sizes = new TreeMap<>();
            files.forEach(f -> sizes.put(f.name(), f.size()));
            for (Map.Entry<String, Future<FileHasher.Result>> e : hashes.entrySet()) {
                String name = e.getKey();
                try {
                    FileHasher.Result r = e.getValue().get();
                    actual.put(name, r.sha256());
                    String expected = manifest.get(name);
                    if (expected != null && !expected.equals(r.sha256())) {
                        findings.add(BackupRule.CHECKSUM_MISMATCH.finding().subject(subject).location(where(name))
                                .message(name + " in " + copy.location() + ": SHA-256 " + r.sha256()
                                        + " does not match the manifest's " + expected + " (" + r.size() + " bytes)")
                                .property("expected", expected).property("actual", r.sha256())
                                .property("size", r.size()).build());
                    }
                } catch (ExecutionException ex) {
                    findings.add(BackupRule.FILE_UNREADABLE.finding().subject(subject).location(where(name))
                            .message(name + " in " + copy.location() + ": " + reason(ex.getCause())).build());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while hashing " + copy.location(), ex);
                }
            }
            for (Map.Entry<String, Future<Optional<String>>> e : archiveChecks.entrySet()) {
                try {
                    e.getValue().get().ifPresent(problem -> findings.add(BackupRule.ARCHIVE_CORRUPT.finding()
                            .subject(subject).location(where(e.getKey()))
                            .message(e.getKey() + " in " + copy.location() + ": " + problem).build()));
                } catch (ExecutionException ex) {
                    findings.add(BackupRule.ARCHIVE_CORRUPT.finding().subject(subject).location(where(e.getKey()))
                            .message(e.getKey() + " in " + copy.location() + ": " + reason(ex.getCause())).build());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while checking archives", ex);
                }
            }
            Instant newest = files.stream().map(BackupFile::modified).max(Instant::compareTo).orElse(null);
            return new CopyScan(copy, subject, true, files, newest, files.size(), manifest, actual, null);
        }

        private String where(String name) {
            return copy.path().resolve(name).toString();
        }
    }

    /** Lists and reads the manifest now, queues hashing on the pool, and returns at once. */
    Pending start(Copy copy, String subject, List<Finding> findings) {
        Path dir = copy.path();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.exists(dir)) {
            findings.add(BackupRule.COPY_MISSING.finding().subject(subject).location(dir.toString())
                    .message("backup copy " + copy.location() + " does not exist").build());
            return new Pending(copy, subject, List.of(), Map.of(), CopyScan.unreachable(copy, subject));
        }
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            findings.add(BackupRule.COPY_UNREADABLE.finding().subject(subject).location(dir.toString())
                    .message("backup copy " + copy.location() + " is not a readable directory").build());
            return new Pending(copy, subject, List.of(), Map.of(), CopyScan.unreachable(copy, subject));
        }
        Map<String, BackupFile> onDisk = list(dir, copy, subject, findings);
        Path manifestFile = dir.resolve(copy.manifest());
        Set<String> notBackups = Set.of(copy.manifest(), copy.manifest() + ".asc", copy.manifest() + ".sig",
                copy.manifest() + ".gpg");
        Map<String, String> manifest = Map.of();
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            findings.add(BackupRule.MANIFEST_MISSING.finding().subject(subject).location(manifestFile.toString())
                    .message(copy.location() + " has no " + copy.manifest() + "; its files cannot be verified")
                    .build());
        } else {
            try {
                Manifest parsed = Manifest.parse(RegularFiles.readAllBytes(manifestFile));
                manifest = parsed.entries();
                for (String problem : parsed.problems()) {
                    findings.add(BackupRule.MANIFEST_INVALID.finding().subject(subject)
                            .location(manifestFile.toString()).message(manifestFile + ": " + problem).build());
                }
            } catch (IOException e) {
                findings.add(BackupRule.MANIFEST_INVALID.finding().subject(subject).location(manifestFile.toString())
                        .message(manifestFile + ": cannot read (" + e.getMessage() + ")").build());
            }
        }
        List<BackupFile> backups = new ArrayList<>();
        onDisk.values().stream().filter(f -> !notBackups.contains(f.name())).forEach(backups::add);
        Pending pending = new Pending(copy, subject, List.copyOf(backups), manifest, null);
        for (String name : manifest.keySet()) {
            BackupFile f = onDisk.get(name);
            Path file = dir.resolve(name);
            if (f == null) {
                findings.add(BackupRule.FILE_MISSING.finding().subject(subject).location(file.toString())
                        .message(name + " is listed in " + copy.manifest() + " but missing from " + copy.location())
                        .build());
                continue;
            }
            pending.hashes.put(name, pool.submit(() -> FileHasher.hash(file)));
            if (archives && f.size() > 0 && ArchiveCheck.applies(file)) {
                pending.archiveChecks.put(name, pool.submit(() -> ArchiveCheck.check(file, pgRestore)));
            }
        }
        for (BackupFile f : backups) {
            Path file = dir.resolve(f.name());
            if (f.size() == 0) {
                findings.add(BackupRule.FILE_EMPTY.finding().subject(subject).location(file.toString())
                        .message(f.name() + " in " + copy.location() + " is empty (0 bytes)").build());
            }
            if (!manifest.isEmpty() && !manifest.containsKey(f.name())) {
                findings.add(BackupRule.FILE_UNLISTED.finding().subject(subject).location(file.toString())
                        .message(f.name() + " in " + copy.location() + " is not listed in " + copy.manifest())
                        .build());
            }
        }
        return pending;
    }

    /**
     * Lists every regular file under {@code dir}. Links are not followed; a link, FIFO, socket or device, and an entry
     * or directory that cannot be read, is a finding each, and the walk goes on past it.
     */
    private static Map<String, BackupFile> list(Path dir, Copy copy, String subject, List<Finding> findings) {
        Map<String, BackupFile> out = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
                    String name = dir.relativize(p).toString().replace('\\', '/');
                    if (a.isRegularFile()) {
                        out.put(name, new BackupFile(name, a.size(), a.lastModifiedTime().toInstant()));
                    } else {
                        String what = a.isSymbolicLink() ? "a symbolic link; not followed" : RegularFiles.kind(p, a) + "; not read";
                        findings.add(BackupRule.FILE_UNREADABLE.finding().subject(subject).location(p.toString())
                                .message(name + " in " + copy.location() + " is " + what).build());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path p, IOException e) {
                    if (p.equals(dir)) {
                        findings.add(BackupRule.COPY_UNREADABLE.finding().subject(subject).location(dir.toString())
                                .message("cannot list " + copy.location() + ": " + e.getMessage()).build());
                        return FileVisitResult.TERMINATE;
                    }
                    String name = dir.relativize(p).toString().replace('\\', '/');
                    findings.add(BackupRule.FILE_UNREADABLE.finding().subject(subject).location(p.toString())
                            .message(name + " in " + copy.location() + " cannot be read: " + reason(e)).build());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    if (e != null) {
                        findings.add(BackupRule.FILE_UNREADABLE.finding().subject(subject).location(d.toString())
                                .message(dir.relativize(d) + " in " + copy.location() + " could not be listed to the end: "
                                        + reason(e)).build());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            findings.add(BackupRule.COPY_UNREADABLE.finding().subject(subject).location(dir.toString())
                    .message("cannot list " + copy.location() + ": " + e.getMessage()).build());
        }
        return out;
    }

    /** A file-system error in words, without the exception's class name (a FIFO: "a FIFO (named pipe): not read"). */
    static String reason(Throwable e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e);
    }
}
