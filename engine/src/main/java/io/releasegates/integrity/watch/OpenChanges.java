package io.releasegates.integrity.watch;

import io.releasegates.integrity.EntryType;
import io.releasegates.integrity.SeverityRule;
import io.releasegates.integrity.TreeEntry;
import io.releasegates.report.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The changes alerted and not yet reverted or approved, by path. A re-read that finds the same difference again
 * (the periodic full check, a touch of a changed file) says nothing; a different difference at the same path (edited
 * again) is a new alert; a difference that is gone is one {@code resolved} line. Used by the watcher's one thread only.
 */
final class OpenChanges {
    /** What the alert said the path is now: the same fingerprint again is not news. */
    private final Map<String, Map<FileChange, String>> open = new HashMap<>();
    private final String host;
    private final String root;

    OpenChanges(String host, String root) {
        this.host = host;
        this.root = root;
    }

    int size() {
        return open.values().stream().mapToInt(Map::size).sum();
    }

    /** Paths with open changes at or below {@code rel} (everything for the empty path). */
    List<String> pathsUnder(String rel) {
        return open.keySet().stream().filter(p -> rel.isEmpty() || p.equals(rel) || p.startsWith(rel + "/")).toList();
    }

    /**
     * Compares what was just read with what was alerted, for the paths that were read.
     *
     * @param paths    every path the read covered: baseline entries, entries on disk, open ones below it
     * @param findings drift findings for those paths
     * @param expected baseline entries of the paths
     * @param actual   entries on disk of the paths
     * @return the alerts to send, in path order
     */
    List<FileAlert> reconcile(Collection<String> paths, List<Finding> findings, Map<String, TreeEntry> expected,
                              Map<String, TreeEntry> actual, List<SeverityRule> severities) {
        Map<String, Map<FileChange, Finding>> now = new HashMap<>();
        for (Finding f : findings) {
            FileChange.ofRule(f.ruleId()).ifPresent(c ->
                    now.computeIfAbsent(f.location(), k -> new EnumMap<>(FileChange.class)).put(c, f));
        }
        Instant time = Instant.now();
        List<FileAlert> alerts = new ArrayList<>();
        for (String path : new TreeSet<>(paths)) {
            Map<FileChange, Finding> current = now.getOrDefault(path, Map.of());
            Map<FileChange, String> before = open.getOrDefault(path, Map.of());
            if (current.isEmpty() && before.isEmpty()) {
                continue;
            }
            String severity = SeverityRule.of(severities, path).label();
            String was = sha(expected.get(path));
            String is = sha(actual.get(path));
            Map<FileChange, String> after = new EnumMap<>(FileChange.class);
            current.forEach((change, f) -> {
                String print = fingerprint(f);
                after.put(change, print);
                if (!Objects.equals(before.get(change), print)) {
                    alerts.add(new FileAlert(time, host, root, path, change, FileAlert.OPEN, severity, f.ruleId(), was, is,
                            f.message()));
                }
            });
            before.forEach((change, print) -> {
                if (!after.containsKey(change)) {
                    alerts.add(new FileAlert(time, host, root, path, change, FileAlert.RESOLVED, severity,
                            change.rule().id(), was, is, path + ": " + change.label() + " matches the baseline again"));
                }
            });
            if (after.isEmpty()) {
                open.remove(path);
            } else {
                open.put(path, after);
            }
        }
        return alerts;
    }

    /** The open changes, for a summary line. */
    Map<String, Map<FileChange, String>> snapshot() {
        Map<String, Map<FileChange, String>> copy = new TreeMap<>();
        open.forEach((p, m) -> copy.put(p, Map.copyOf(m)));
        return copy;
    }

    private static String sha(TreeEntry e) {
        return e != null && e.type() == EntryType.FILE ? e.sha256() : null;
    }

    private static String fingerprint(Finding f) {
        Map<String, String> p = f.properties();
        return String.join("|", String.valueOf(p.get("actualType")), String.valueOf(p.get("actualSha256")),
                String.valueOf(p.get("actualMode")), String.valueOf(p.get("actualOwner")),
                String.valueOf(p.get("actualGroup")), String.valueOf(p.get("actualTarget")));
    }
}
