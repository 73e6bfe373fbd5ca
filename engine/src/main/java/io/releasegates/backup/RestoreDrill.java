package io.releasegates.backup;

import io.releasegates.backup.CopyScan.BackupFile;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.Finding;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Restores chosen files of one copy into a temporary folder and compares their SHA-256 with the reference: the copy's
 * own manifest first, else another copy's manifest or bytes. Directory copies are restored by copying the file out;
 * restic copies with {@code restic restore --include}. A restic copy's manifest is restored alongside, and its list is
 * compared with the snapshot (missing, unlisted and empty files), so a restic copy gets the same integrity checks as
 * a directory.
 */
final class RestoreDrill {
    private final Path workspace;

    RestoreDrill(Path workspace) {
        this.workspace = workspace;
    }

    /** Outcome: how many files were restored and compared. */
    record Result(int restored, int verified) {
    }

    Result run(CopyScan scan, List<String> picks, Map<String, String> references, List<Finding> findings)
            throws IOException {
        Path target = Files.createTempDirectory(workspace, "drill");
        try {
            return scan.restic() == null ? directory(scan, picks, references, target, findings)
                    : restic(scan, picks, references, target, findings);
        } finally {
            deleteTree(target);
        }
    }

    private Result directory(CopyScan scan, List<String> picks, Map<String, String> references, Path target,
                             List<Finding> findings) {
        int restored = 0;
        int verified = 0;
        for (String name : picks) {
            Path out = target.resolve(name.replace('/', '_'));
            try {
                // through RegularFiles: a backup swapped for a FIFO is refused, not waited on
                try (java.io.InputStream in = RegularFiles.newInputStream(scan.copy().path().resolve(name))) {
                    Files.copy(in, out);
                }
                restored++;
                verified += compare(scan, name, out, reference(scan.manifest(), references, name), findings);
            } catch (IOException e) {
                findings.add(failed(scan, name, "copying it out failed: " + e));
            }
        }
        return new Result(restored, verified);
    }

    private Result restic(CopyScan scan, List<String> picks, Map<String, String> references, Path target,
                          List<Finding> findings) throws IOException {
        CopyScan.ResticSide side = scan.restic();
        List<String> includes = new ArrayList<>();
        picks.forEach(p -> includes.add(side.pathsByName().get(p)));
        String manifestPath = side.pathsByName().get(scan.copy().manifest());
        if (manifestPath != null) {
            includes.add(manifestPath);
        }
        if (includes.isEmpty()) {
            return new Result(0, 0);
        }
        ResticRepository.Run run = side.repository().restore(side.snapshotId(), includes, target);
        Map<String, String> own = Map.of();
        if (manifestPath != null) {
            Path restoredManifest = target.resolve(manifestPath.substring(1));
            if (Files.isRegularFile(restoredManifest)) {
                Manifest m = Manifest.parse(RegularFiles.readAllBytes(restoredManifest));
                own = m.entries();
                m.problems().forEach(p -> findings.add(BackupRule.MANIFEST_INVALID.finding()
                        .subject(scan.subject()).location(where(scan, scan.copy().manifest()))
                        .message(scan.copy().manifest() + " in " + scan.copy().location() + ": " + p).build()));
                compareListing(scan, own, findings);
            }
        }
        int restored = 0;
        int verified = 0;
        for (String name : picks) {
            Path out = target.resolve(side.pathsByName().get(name).substring(1));
            if (!Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS)) {
                findings.add(failed(scan, name, "restic restore did not produce it"
                        + (run.ok() ? "" : " (" + run.reason() + ")")));
                continue;
            }
            restored++;
            verified += compare(scan, name, out, reference(own, references, name), findings);
        }
        if (!run.ok() && restored == picks.size()) {
            findings.add(failed(scan, picks.isEmpty() ? scan.copy().manifest() : picks.get(0),
                    "restic restore reported an error: " + run.reason()));
        }
        return new Result(restored, verified);
    }

    /** The snapshot's own manifest against its file list: the integrity checks a directory copy gets. */
    private static void compareListing(CopyScan scan, Map<String, String> manifest, List<Finding> findings) {
        Map<String, BackupFile> files = new TreeMap<>();
        scan.files().forEach(f -> files.put(f.name(), f));
        for (String name : manifest.keySet()) {
            if (!files.containsKey(name)) {
                findings.add(BackupRule.FILE_MISSING.finding().subject(scan.subject()).location(where(scan, name))
                        .message(name + " is listed in " + scan.copy().manifest() + " but missing from snapshot "
                                + shortId(scan) + " of " + scan.copy().location()).build());
            }
        }
        for (BackupFile f : files.values()) {
            if (!manifest.containsKey(f.name())) {
                findings.add(BackupRule.FILE_UNLISTED.finding().subject(scan.subject()).location(where(scan, f.name()))
                        .message(f.name() + " in snapshot " + shortId(scan) + " of " + scan.copy().location()
                                + " is not listed in " + scan.copy().manifest()).build());
            }
            if (f.size() == 0) {
                findings.add(BackupRule.FILE_EMPTY.finding().subject(scan.subject()).location(where(scan, f.name()))
                        .message(f.name() + " in snapshot " + shortId(scan) + " of " + scan.copy().location()
                                + " is empty (0 bytes)").build());
            }
        }
    }

    private static String reference(Map<String, String> own, Map<String, String> others, String name) {
        String r = own.get(name);
        return r != null ? r : others.get(name);
    }

    private static int compare(CopyScan scan, String name, Path restored, String expected, List<Finding> findings)
            throws IOException {
        FileHasher.Result r = FileHasher.hash(restored);
        if (expected == null) {
            findings.add(BackupRule.DRILL_UNVERIFIED.finding().subject(scan.subject()).location(where(scan, name))
                    .message(name + " restored from " + scan.copy().location()
                            + " but no manifest or other copy lists its SHA-256").property("actual", r.sha256())
                    .build());
            return 0;
        }
        if (!expected.equals(r.sha256())) {
            findings.add(BackupRule.DRILL_MISMATCH.finding().subject(scan.subject()).location(where(scan, name))
                    .message(name + " restored from " + scan.copy().location() + " has SHA-256 " + r.sha256()
                            + ", expected " + expected + " (" + r.size() + " bytes restored)")
                    .property("expected", expected).property("actual", r.sha256()).build());
        }
        return 1;
    }

    private static Finding failed(CopyScan scan, String name, String why) {
        return BackupRule.DRILL_FAILED.finding().subject(scan.subject()).location(where(scan, name))
                .message("restoring " + name + " from " + scan.copy().location() + ": " + why).build();
    }

    /** A file's location: its path in a directory copy, {@code repo@snapshot/name} in a restic copy. */
    static String where(CopyScan scan, String name) {
        if (scan.restic() == null) {
            return scan.copy().path().resolve(name).toString();
        }
        return scan.copy().path() + "@" + shortId(scan) + "/" + name;
    }

    private static String shortId(CopyScan scan) {
        String id = scan.restic().snapshotId();
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** Deletes a folder tree; a file someone else removed meanwhile is not an error (the shutdown hook races runs). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                file.toFile().setWritable(true);
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof java.nio.file.NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof java.nio.file.NoSuchFileException)) {
                    throw exc;
                }
                dir.toFile().setWritable(true);
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
