package io.releasegates.integrity;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tree as found on disk now: every kept path by relative path, in walk order (names sorted per directory).
 *
 * @param root        the directory examined (real path)
 * @param entries     by relative path
 * @param bytesHashed content bytes read and hashed
 */
public record TreeSnapshot(Path root, Map<String, TreeEntry> entries, long bytesHashed) {
    public TreeSnapshot {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public long count(EntryType type) {
        return entries.values().stream().filter(e -> e.type() == type).count();
    }

    static TreeSnapshot of(Path root, Map<String, TreeEntry> entries, long bytesHashed) {
        return new TreeSnapshot(root, entries, bytesHashed);
    }
}
