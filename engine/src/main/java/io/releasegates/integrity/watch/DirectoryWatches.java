package io.releasegates.integrity.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One kernel watch per directory of the tree (on Linux the JDK's WatchService is inotify: ENTRY_MODIFY covers
 * IN_MODIFY and IN_ATTRIB, so chmod and chown are seen too; reads raise nothing). Directories that cannot be watched
 * (the kernel's per-user watch limit, or {@code maxWatches}) are kept in {@link #unwatched} for the watcher to poll:
 * a tree bigger than the limit is watched less promptly, never silently less. Used by the watcher's one thread.
 */
final class DirectoryWatches implements AutoCloseable {
    private final Path root;
    private final WatchService service;
    private final int maxWatches;
    private final Map<WatchKey, String> dirs = new HashMap<>();
    private final Map<String, WatchKey> keys = new HashMap<>();
    private final Set<String> unwatched = new TreeSet<>();
    private String limitReason;

    DirectoryWatches(Path root, int maxWatches) throws IOException {
        this.root = root;
        this.maxWatches = maxWatches;
        this.service = FileSystems.getDefault().newWatchService();
    }

    /** Watches the directory at {@code rel} (empty: the root); false when it could not be watched. */
    boolean watch(String rel) {
        if (keys.containsKey(rel)) {
            return true;
        }
        if (keys.size() >= maxWatches) {
            limitReason = "the configured limit of " + maxWatches + " watched directories";
            unwatched.add(rel);
            return false;
        }
        try {
            WatchKey key = root.resolve(rel).register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            // the kernel hands out one watch per inode: a directory moved inside the tree comes back with its old key
            String previous = dirs.put(key, rel);
            if (previous != null && !previous.equals(rel)) {
                keys.remove(previous);
            }
            keys.put(rel, key);
            unwatched.remove(rel);
            return true;
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (message.contains("limit")) {
                limitReason = message + " (raise fs.inotify.max_user_watches)";
                unwatched.add(rel);
            }
            // otherwise the directory is gone or unreadable: the drift check that follows reports it
            return false;
        } catch (ClosedWatchServiceException e) {
            return false;
        }
    }

    /** Forgets the directory at {@code rel} and everything below it (deleted or moved away). */
    void forget(String rel) {
        keys.entrySet().removeIf(e -> {
            String p = e.getKey();
            boolean below = p.equals(rel) || p.startsWith(rel + "/");
            if (below) {
                e.getValue().cancel();
                dirs.remove(e.getValue());
            }
            return below;
        });
        unwatched.removeIf(p -> p.equals(rel) || p.startsWith(rel + "/"));
    }

    boolean isWatched(String rel) {
        return keys.containsKey(rel);
    }

    /** The directory a key watches, relative to the root; null when it is no longer ours. */
    String dirOf(WatchKey key) {
        return dirs.get(key);
    }

    /** Next signalled key within {@code millis}; null on timeout. */
    WatchKey poll(long millis) throws InterruptedException {
        return service.poll(millis, TimeUnit.MILLISECONDS);
    }

    int watched() {
        return keys.size();
    }

    /** The topmost directories that could not be watched: polling them covers everything unwatched. */
    Set<String> unwatchedTops() {
        Set<String> tops = new TreeSet<>();
        for (String p : unwatched) {
            if (tops.stream().noneMatch(t -> t.isEmpty() || p.startsWith(t + "/"))) {
                tops.add(p);
            }
        }
        return tops;
    }

    String limitReason() {
        return limitReason;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing the inotify descriptor: nothing left to do when it fails
        }
    }
}
