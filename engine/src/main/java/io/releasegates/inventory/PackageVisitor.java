package io.releasegates.inventory;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives the entries of a package, in archive order, while {@link PackageWalker} streams through it.
 * Calls nest like brackets: {@code enterArchive(a)}, the entries of {@code a} (and of archives inside it),
 * {@code leaveArchive(a, digests)}. The package itself is the outermost archive (its {@link PackageEntry#root()}
 * is true), also when it is a directory.
 */
public interface PackageVisitor {

    /**
     * An archive begins. Return false to skip its content (it is still hashed and {@link #leaveArchive} still
     * follows). Archives deeper than {@link WalkLimits#maxDepth()} are not opened whatever this returns.
     */
    default boolean enterArchive(PackageEntry archive) {
        return true;
    }

    /**
     * A file that is not an archive. {@code content} is valid during this call only, may be read at most once,
     * need not be read at all (unread bytes are never inflated) and must not be closed by the visitor (closing is
     * harmless). Reading is guarded: past a limit it throws {@link ArchiveBombException}, which the walker also
     * records as a finding, so a visitor may simply let it propagate.
     */
    void entry(PackageEntry entry, InputStream content) throws IOException;

    /** An archive ended; its digests are empty for a directory. */
    default void leaveArchive(PackageEntry archive, ArchiveDigests digests) {
    }
}
