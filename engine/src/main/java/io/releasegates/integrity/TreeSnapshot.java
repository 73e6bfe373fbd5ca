package io.releasegates.integrity;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tree as found on disk now: every kept path by relative path, in sorted order.
 *
 * @param root        the directory examined (real path)
 * @param entries     by relative path
 * @param bytesHashed content bytes read and hashed
 */
public record TreeSnapshot(Path root, SortedMap<String, TreeEntry> entries, long bytesHashed) {
    public TreeSnapshot {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    public long count(EntryType type) {
        return entries.values().stream().filter(e -> e.type() == type).count();
    }

    static TreeSnapshot of(Path root, Map<String, TreeEntry> entries, long bytesHashed) {
        return new TreeSnapshot(root, new TreeMap<>(entries), bytesHashed);
    }
}
