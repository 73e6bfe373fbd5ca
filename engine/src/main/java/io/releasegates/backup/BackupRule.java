package io.releasegates.backup;

import io.releasegates.report.Rule;
import io.releasegates.report.Severity;

/**
 * Every backup rule with its stable id (docs/rules.md). A failed check is at least {@code HIGH} so that the default
 * {@code --fail-on high} exits 1 on any of them; data that is provably wrong is {@code CRITICAL}.
 */
public enum BackupRule implements Rule {
    COPIES_321("RG-BAK-321-COPIES", "Too few reachable copies (3-2-1)", Severity.HIGH),
    MEDIA_321("RG-BAK-321-MEDIA", "Too few distinct media (3-2-1)", Severity.HIGH),
    OFFSITE_321("RG-BAK-321-OFFSITE", "Too few offsite copies (3-2-1)", Severity.HIGH),
    COPY_MISSING("RG-BAK-COPY-MISSING", "Backup copy is missing", Severity.HIGH),
    COPY_UNREADABLE("RG-BAK-COPY-UNREADABLE", "Backup copy cannot be opened", Severity.HIGH),
    NO_BACKUPS("RG-BAK-NO-BACKUPS", "Backup copy holds no backups", Severity.HIGH),
    STALE("RG-BAK-STALE", "Newest backup is older than the RPO", Severity.HIGH),
    COPY_BEHIND("RG-BAK-COPY-BEHIND", "Copy lacks the newest backup of its set", Severity.HIGH),
    MIN_BACKUPS("RG-BAK-MIN-BACKUPS", "Fewer retained backups than required", Severity.HIGH),
    MANIFEST_MISSING("RG-BAK-MANIFEST-MISSING", "Checksum manifest is missing", Severity.HIGH),
    MANIFEST_INVALID("RG-BAK-MANIFEST-INVALID", "Checksum manifest line cannot be parsed", Severity.HIGH),
    FILE_MISSING("RG-BAK-FILE-MISSING", "File listed in the manifest is missing", Severity.HIGH),
    FILE_UNLISTED("RG-BAK-FILE-UNLISTED", "File is not listed in the manifest", Severity.HIGH),
    FILE_EMPTY("RG-BAK-FILE-EMPTY", "Backup file is empty", Severity.HIGH),
    FILE_UNREADABLE("RG-BAK-FILE-UNREADABLE", "Backup file cannot be read", Severity.HIGH),
    CHECKSUM_MISMATCH("RG-BAK-CHECKSUM-MISMATCH", "SHA-256 differs from the manifest", Severity.CRITICAL),
    COPIES_DISAGREE("RG-BAK-COPIES-DISAGREE", "Copies list different checksums for the same file", Severity.HIGH),
    ARCHIVE_CORRUPT("RG-BAK-ARCHIVE-CORRUPT", "Archive does not open or list completely", Severity.CRITICAL),
    RESTIC_CHECK_FAILED("RG-BAK-RESTIC-CHECK-FAILED", "restic check found errors", Severity.CRITICAL),
    DRILL_MISMATCH("RG-BAK-DRILL-MISMATCH", "Restored bytes differ from the reference", Severity.CRITICAL),
    DRILL_FAILED("RG-BAK-DRILL-FAILED", "Restore drill could not restore the file", Severity.HIGH),
    DRILL_UNVERIFIED("RG-BAK-DRILL-UNVERIFIED", "Restored file has no reference checksum", Severity.MEDIUM);

    private final Spec spec;

    BackupRule(String id, String title, Severity severity) {
        this.spec = new Spec(id, title, severity);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
