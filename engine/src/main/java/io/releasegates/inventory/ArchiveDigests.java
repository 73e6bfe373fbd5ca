package io.releasegates.inventory;

/**
 * Hashes of an archive's exact bytes, computed while the walker streams through it (no second read).
 *
 * @param sha1   hex SHA-1 (the key Maven repositories and many vulnerability databases use); empty when not computed
 * @param sha256 hex SHA-256; empty when not computed (see {@link WalkDigests})
 * @param bytes  size of the archive in bytes
 */
public record ArchiveDigests(String sha1, String sha256, long bytes) {
    /** For a directory, which has no bytes of its own. */
    public static final ArchiveDigests NONE = new ArchiveDigests("", "", 0);

    /** True when no digest was computed (a directory, or a walk that asked for none of this archive). */
    public boolean isEmpty() {
        return sha1.isEmpty() && sha256.isEmpty();
    }
}
