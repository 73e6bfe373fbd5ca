package io.releasegates.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Best-effort replacement of a cache file, shared by {@link SearchCache} and {@link MavenRepositoryIndex}: the content
 * goes to a temporary file beside the target, which is then moved over it atomically, so a reader (another process
 * sharing the cache) sees the old file or the new one, never half of one. A failure is swallowed: a cache only saves
 * work, and the answer being cached is already in hand.
 */
final class AtomicCacheFile {
    /** Writes the content to the temporary file it is given. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private AtomicCacheFile() {
    }

    static void replace(Path file, String tempPrefix, Content content) {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), tempPrefix, ".tmp");
            content.writeTo(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the cache is an optimisation only
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
    }
}
