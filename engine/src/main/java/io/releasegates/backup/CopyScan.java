package io.releasegates.backup;

import io.releasegates.backup.BackupConfig.Copy;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What inspecting one copy learned, for the set-level checks (3-2-1, freshness, agreement) and the drill.
 *
 * @param copy      the configured copy
 * @param subject   how findings name it ({@code set @ location})
 * @param reachable whether it exists and opens; unreachable copies do not count towards 3-2-1
 * @param files     backup files (for restic: in the newest snapshot), name relative to the copy
 * @param newest    time of the newest backup (directory: newest file mtime; restic: newest snapshot); null if none
 * @param backups   retained backups (directory: files; restic: snapshots)
 * @param manifest  the copy's own manifest (name → SHA-256); empty when it has none
 * @param actual    SHA-256 computed from the copy's bytes (directory copies)
 * @param restic    the repository handle and newest snapshot for restic copies, else null
 */
record CopyScan(Copy copy, String subject, boolean reachable, List<BackupFile> files, Instant newest, int backups,
                Map<String, String> manifest, Map<String, String> actual, ResticSide restic) {

    CopyScan {
        files = List.copyOf(files);
        manifest = Collections.unmodifiableMap(new TreeMap<>(manifest));
        actual = Collections.unmodifiableMap(new TreeMap<>(actual));
    }

    static CopyScan unreachable(Copy copy, String subject) {
        return new CopyScan(copy, subject, false, List.of(), null, 0, Map.of(), Map.of(), null);
    }

    boolean has(String name) {
        return files.stream().anyMatch(f -> f.name().equals(name));
    }

    /** A file of a backup copy. */
    record BackupFile(String name, long size, Instant modified) {
    }

    /**
     * @param repository   handle for further read-only calls
     * @param snapshotId   newest snapshot
     * @param pathsByName  file name relative to the backed-up folder → path inside the snapshot
     */
    record ResticSide(ResticRepository repository, String snapshotId, Map<String, String> pathsByName) {
        ResticSide {
            pathsByName = Collections.unmodifiableMap(new TreeMap<>(pathsByName));
        }
    }
}
