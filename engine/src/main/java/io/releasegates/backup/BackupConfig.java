package io.releasegates.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code backups.yml}: immutable, validated, paths already resolved against the config's folder.
 *
 * @param source    the config file, named in every error and recorded as an input of the report
 * @param policy    default 3-2-1 thresholds for every set
 * @param drill     restore-drill size and rotation state
 * @param restic    how the restic binary is driven
 * @param archives  whether archive self-checks run
 * @param sets      the backup sets, in file order
 */
public record BackupConfig(Path source, Policy policy, Drill drill, Restic restic, boolean archives,
                           List<BackupSet> sets) {
    public BackupConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(restic, "restic");
        sets = List.copyOf(sets);
    }

    /** 3-2-1 thresholds: copies, distinct media, offsite copies. */
    public record Policy(int minCopies, int minMedia, int minOffsite) {
        public static final Policy DEFAULT = new Policy(3, 2, 1);
    }

    /**
     * @param files     files to restore per copy and run; 0 means use {@code fraction}
     * @param fraction  share of a copy's files per run when {@code files} is 0
     * @param stateFile where the rotation is remembered; null keeps no memory between runs
     */
    public record Drill(int files, double fraction, Path stateFile) {
        public int sizeFor(int candidates) {
            if (candidates == 0) {
                return 0;
            }
            int n = files > 0 ? files : (int) Math.ceil(fraction * candidates);
            return Math.max(1, Math.min(candidates, n));
        }
    }

    /**
     * @param binary       restic executable (name on PATH or a path)
     * @param checkParts   {@code restic check --read-data-subset k/checkParts}, k rotating so successive runs read all
     * @param timeout      per restic invocation
     */
    public record Restic(String binary, int checkParts, Duration timeout) {
    }

    /**
     * @param name       unique in the file
     * @param rpo        maximum age of the newest backup
     * @param minBackups backups every copy must retain (0: no requirement)
     * @param policy     3-2-1 thresholds for this set
     * @param copies     every copy of the set
     */
    public record BackupSet(String name, Duration rpo, int minBackups, Policy policy, List<Copy> copies) {
        public BackupSet {
            copies = List.copyOf(copies);
        }
    }

    public enum Kind { DIRECTORY, RESTIC }

    /**
     * @param location     as written in the config (the copy's identity in findings and drill state)
     * @param kind         plain directory with a manifest, or a restic repository
     * @param path         resolved directory (the repository for restic)
     * @param media        disk, nas, tape, object-storage, …
     * @param offsite      whether the copy lives away from the site
     * @param manifest     manifest file name inside the directory (or the restic snapshot)
     * @param passwordEnv  restic: environment variable holding the password
     * @param passwordFile restic: file holding the password
     * @param minBackups   overrides the set's value for this copy (null: inherit)
     * @param checkSubset  restic: explicit {@code --read-data-subset} value instead of the rotation
     */
    public record Copy(String location, Kind kind, Path path, String media, boolean offsite, String manifest,
                       String passwordEnv, Path passwordFile, Integer minBackups, String checkSubset) {
        public Copy {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
        }
    }
}
