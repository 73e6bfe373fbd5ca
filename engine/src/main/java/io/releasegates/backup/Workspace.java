package io.releasegates.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The verifier's temporary folder: restic's cache and the files a restore drill brings back, which are copies of
 * backed-up data. A {@code finally} does not run when the JVM is stopped by SIGTERM or Ctrl-C, so a shutdown hook
 * also kills the restic processes writing into the folder and removes it; a normal close removes the hook.
 */
final class Workspace implements AutoCloseable {
    private final Path dir;
    private final Thread hook;

    private Workspace(Path dir) {
        this.dir = dir;
        this.hook = new Thread(this::onShutdown, "release-gates-backups-cleanup");
    }

    static Workspace create() throws IOException {
        Workspace w = new Workspace(Files.createTempDirectory("release-gates-backups"));
        Runtime.getRuntime().addShutdownHook(w.hook);
        return w;
    }

    Path dir() {
        return dir;
    }

    /**
     * SIGTERM or Ctrl-C: the verifier's threads are still running, so restic is stopped first (and kept from starting
     * again), then the folder is removed; a thread finishing its run may delete its own files meanwhile, so a failed
     * pass is retried.
     */
    private void onShutdown() {
        ResticRepository.stopAll();
        for (int attempt = 0; attempt < 3 && Files.exists(dir, LinkOption.NOFOLLOW_LINKS); attempt++) {
            if (delete()) {
                return;
            }
        }
    }

    private boolean delete() {
        try {
            RestoreDrill.deleteTree(dir);
            return true;
        } catch (IOException e) {
            return false; // a leftover temp folder must not hide the verdict; the OS cleans temp
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return; // the JVM is shutting down: the hook does the cleaning
        }
        // this verifier's restic runs have all returned; others running in this JVM are not ours to kill
        delete();
    }
}
