package io.releasegates.integrity.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.releasegates.integrity.Baseline;
import io.releasegates.integrity.BaselineFile;
import io.releasegates.integrity.EntryType;
import io.releasegates.integrity.IntegrityChecker;
import io.releasegates.integrity.PathFilter;
import io.releasegates.integrity.SeverityRule;
import io.releasegates.signing.Signatures;
import io.releasegates.integrity.TreeEntry;
import io.releasegates.integrity.TreeScanner;
import io.releasegates.integrity.TreeSnapshot;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code integrity watch}: a full check against the signed baseline at start, then kernel notifications on every
 * directory, each changed path re-read once it has been quiet for {@link WatchOptions#quiet} and compared with the
 * baseline exactly as {@code integrity check} would (so a touch or a read alerts nothing). A burst beyond the queue,
 * a kernel overflow or an unwatchable directory costs promptness, never a change: a warning, then a full check (or a
 * poll of what is unwatched). A full check also runs every {@link WatchOptions#fullEvery}. One thread does all of it.
 */
public final class IntegrityWatch implements AutoCloseable {
    /** How often directories that could not be watched are re-read. */
    static final long UNWATCHED_POLL_MS = 1_000;
    /** A path still changing is read at the latest this long after its first event: alerts are due within 2 s. */
    static final long MAX_DELAY_MS = 800;
    private static final long BASELINE_POLL_MS = 500;
    /** Warning ids (docs/rules.md): events were lost or too many, so a full check ran. */
    public static final String OVERFLOW_RULE = "RG-INT-WATCH-OVERFLOW";
    /** Some directories could not be watched and are polled. */
    public static final String LIMIT_RULE = "RG-INT-WATCH-LIMIT";
    /** The baseline file changed but the new one does not verify; the old one stays in force. */
    public static final String BASELINE_RULE = "RG-INT-WATCH-BASELINE";

    private final WatchOptions options;
    private final Path root;
    private final OpenChanges open;
    private final Map<String, long[]> pending = new LinkedHashMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long fullChecks;
    private volatile long overflows;
    private volatile DirectoryWatches watches;
    private NavigableMap<String, TreeEntry> expected;
    private List<SeverityRule> severities;
    private PathFilter filter;
    private TreeScanner fullScanner;
    private TreeScanner pathScanner;
    private Object baselineVersion;
    private boolean limitWarned;

    /** Reads and verifies the baseline; bad input (missing tree, bad signature) throws before anything is watched. */
    public IntegrityWatch(WatchOptions options) {
        this.options = options;
        try {
            this.root = options.dir().toRealPath();
        } catch (IOException e) {
            throw new BadInputException(options.dir() + ": no such directory");
        }
        if (!Files.isDirectory(root)) {
            throw new BadInputException(options.dir() + ": not a directory");
        }
        this.open = new OpenChanges(options.host(), root.toString());
        useBaseline(load());
    }

    /** Watches until {@link #close}; returns then, after the sinks have delivered what they hold. */
    public void run() throws IOException {
        try {
            watches = new DirectoryWatches(root, options.maxWatches());
            // watches first, then the full check: a change in between is both in the check and in the events
            registerTree();
            long start = System.nanoTime();
            int alerts = fullCheck();
            options.warnings().accept(String.format("integrity watch: watching %d directories under %s; full check of %d "
                    + "baseline paths took %d ms, %d open change(s)", watches.watched(), root, expected.size(),
                    (System.nanoTime() - start) / 1_000_000, alerts));
            warnLimit();
            ready.countDown();
            loop();
        } finally {
            ready.countDown();
            if (watches != null) {
                watches.close();
            }
            for (AlertSink s : options.sinks()) {
                s.close();
            }
            finished.countDown();
        }
    }

    /** Waits until the first full check is done and every directory is watched. */
    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    public long fullChecks() {
        return fullChecks;
    }

    public long overflows() {
        return overflows;
    }

    /** Stops the loop and waits (bounded) until the sinks are closed: what a SIGTERM handler calls. */
    @Override
    public void close() {
        running = false;
        if (watches != null) {
            watches.close();
        }
        try {
            finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long nextFull = System.nanoTime() + options.fullEvery().toNanos();
        long nextUnwatched = System.nanoTime() + UNWATCHED_POLL_MS * 1_000_000;
        long nextBaseline = System.nanoTime() + BASELINE_POLL_MS * 1_000_000;
        while (running) {
            try {
                WatchKey key = watches.poll(pending.isEmpty() ? 200 : 20);
                // a storm that keeps keys signalled must not keep the loop here: past the limit, the overflow below
                while (key != null) {
                    take(key);
                    key = pending.size() > options.queueLimit() ? null : watches.poll(0);
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                break;
            }
            long now = System.nanoTime();
            if (pending.size() > options.queueLimit()) {
                overflow(pending.size() + " paths changed faster than they could be re-read (queue limit "
                        + options.queueLimit() + ")");
                continue;
            }
            flushDue(now);
            if (now - nextBaseline >= 0) {
                nextBaseline = now + BASELINE_POLL_MS * 1_000_000;
                reloadIfChanged();
            }
            if (now - nextFull >= 0) {
                nextFull = now + options.fullEvery().toNanos();
                fullCheck();
            }
            if (now - nextUnwatched >= 0) {
                nextUnwatched = now + UNWATCHED_POLL_MS * 1_000_000;
                for (String top : watches.unwatchedTops()) {
                    checkPath(top, true);
                }
                warnLimit();
            }
        }
    }

    /** Notes the paths a key's events name; an overflow means events were lost, so everything is read again. */
    private void take(WatchKey key) {
        String dir = watches.dirOf(key);
        boolean overflowed = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                overflowed = true;
                continue;
            }
            if (dir == null || !(event.context() instanceof Path name)) {
                continue;
            }
            String rel = dir.isEmpty() ? name.toString() : dir + "/" + name;
            if (event.kind() == ENTRY_DELETE) {
                watches.forget(rel);
            }
            long now = System.nanoTime();
            long[] times = pending.computeIfAbsent(rel, k -> new long[] {now, now});
            times[1] = now;
        }
        if (!key.reset() && dir != null) {
            watches.forget(dir);
        }
        if (overflowed) {
            overflow("the kernel's event queue overflowed");
        }
    }

    private void overflow(String why) {
        overflows++;
        pending.clear();
        options.warnings().accept("integrity watch: warning " + OVERFLOW_RULE + ": " + why + "; running a full check");
        fullCheck();
    }

    private void flushDue(long now) {
        long quiet = options.quiet().toNanos();
        Iterator<Map.Entry<String, long[]>> it = pending.entrySet().iterator();
        List<String> due = new java.util.ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<String, long[]> e = it.next();
            long[] t = e.getValue();
            if (now - t[1] >= quiet || now - t[0] >= MAX_DELAY_MS * 1_000_000) {
                due.add(e.getKey());
                it.remove();
            }
        }
        for (String rel : due) {
            // a directory that is watched already only needs its own entry read; a new (or replaced) one all of it
            boolean dir = Files.isDirectory(root.resolve(rel), LinkOption.NOFOLLOW_LINKS);
            checkPath(rel, !dir || !watches.isWatched(rel));
        }
    }

    /** Reads one path (and its subtree), alerts what changed, and watches any new directory below it. */
    private void checkPath(String rel, boolean subtree) {
        if (filter.isExcluded(rel)) {
            return;
        }
        TreeSnapshot now = pathScanner.scanPath(root, rel, subtree);
        Map<String, TreeEntry> want = new HashMap<>();
        TreeEntry self = expected.get(rel);
        if (self != null) {
            want.put(rel, self);
        }
        if (subtree) {
            want.putAll(expected.subMap(rel + "/", true, rel + "0", false));
        }
        Set<String> paths = new HashSet<>(want.keySet());
        paths.addAll(now.entries().keySet());
        for (String p : open.pathsUnder(rel)) {
            if (subtree || p.equals(rel)) {
                paths.add(p);
            }
        }
        send(open.reconcile(paths, IntegrityChecker.drift(want, now), want, now.entries(), severities));
        watchNewDirectories(now);
    }

    /** Reads the whole tree and alerts every difference that is not open already; returns the open count. */
    private int fullCheck() {
        fullChecks++;
        TreeSnapshot now = fullScanner.scan(root);
        List<Finding> findings = IntegrityChecker.drift(expected, now);
        Set<String> hot = stillBeingWritten(findings);
        Set<String> paths = new HashSet<>(expected.keySet());
        paths.addAll(now.entries().keySet());
        paths.addAll(open.pathsUnder(""));
        paths.removeAll(hot);
        long t = System.nanoTime();
        hot.forEach(p -> pending.putIfAbsent(p, new long[] {t, t}));
        send(open.reconcile(paths, findings.stream().filter(f -> !hot.contains(f.location())).toList(), expected,
                now.entries(), severities));
        watchNewDirectories(now);
        return open.size();
    }

    /**
     * Drifted paths modified within the quiet period: a full check that runs during a burst (after an overflow) may
     * have read them half-written (truncated, not yet filled). They are re-read once quiet, like any event, so each
     * change is alerted once, with its final content. The modification time only schedules the re-read; it is never
     * compared with the baseline.
     */
    private Set<String> stillBeingWritten(List<Finding> findings) {
        Set<String> hot = new HashSet<>();
        long recent = System.currentTimeMillis() - options.quiet().toMillis() - 50;
        for (Finding f : findings) {
            if (FileChange.ofRule(f.ruleId()).isEmpty() || hot.contains(f.location())) {
                continue;
            }
            try {
                long modified = Files.getLastModifiedTime(root.resolve(f.location()), LinkOption.NOFOLLOW_LINKS).toMillis();
                if (modified >= recent) {
                    hot.add(f.location());
                }
            } catch (IOException e) {
                // gone again: the drift says so as it is
            }
        }
        return hot;
    }

    private void watchNewDirectories(TreeSnapshot now) {
        if (watches == null) {
            return;
        }
        for (TreeEntry e : now.entries().values()) {
            if (e.type() == EntryType.DIRECTORY && e.problem() == null && !watches.isWatched(e.path())
                    && watches.watch(e.path())) {
                // what was created in it before the watch existed is read now
                checkPath(e.path(), true);
            }
        }
    }

    private void registerTree() {
        watches.watch("");
        try (var walk = Files.walk(root)) {
            walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(rel -> !rel.isEmpty() && !filter.isExcluded(rel))
                    .forEach(watches::watch);
        } catch (IOException | java.io.UncheckedIOException e) {
            // an unlistable directory: the full check that follows reports it as unreadable
        }
    }

    private void warnLimit() {
        if (!watches.unwatchedTops().isEmpty() && !limitWarned) {
            limitWarned = true;
            options.warnings().accept("integrity watch: warning " + LIMIT_RULE + ": " + watches.unwatchedTops().size()
                    + " director(ies) could not be watched (" + watches.limitReason() + "); they are re-read every "
                    + UNWATCHED_POLL_MS + " ms instead");
        }
    }

    private void send(List<FileAlert> alerts) {
        for (FileAlert a : alerts) {
            for (AlertSink s : options.sinks()) {
                s.send(a);
            }
        }
    }

    private Baseline load() {
        BaselineFile.Loaded loaded = BaselineFile.read(options.baseline());
        Signatures.Verification v = loaded.verify(options.key().verifier());
        if (!v.valid()) {
            throw new BadInputException(options.baseline() + ": baseline signature is not valid for key "
                    + options.key().keyId() + " (" + v.message() + ")");
        }
        baselineVersion = version();
        return loaded.baseline();
    }

    private void useBaseline(Baseline baseline) {
        filter = baseline.filter();
        severities = baseline.severities();
        NavigableMap<String, TreeEntry> map = new TreeMap<>();
        baseline.byPath().forEach((p, e) -> {
            if (!filter.isExcluded(p)) {
                map.put(p, e);
            }
        });
        expected = map;
        fullScanner = new TreeScanner(filter);
        pathScanner = new TreeScanner(filter, 1);
    }

    /** An approval re-signs the baseline: read it again, and only when its signature holds. */
    private void reloadIfChanged() {
        Object now = version();
        if (now == null || now.equals(baselineVersion)) {
            return;
        }
        try {
            useBaseline(load());
            options.warnings().accept("integrity watch: baseline " + options.baseline() + " changed and verifies; "
                    + "running a full check");
            fullCheck();
        } catch (BadInputException e) {
            baselineVersion = now;
            options.warnings().accept("integrity watch: warning " + BASELINE_RULE + ": " + e.getMessage()
                    + "; keeping the baseline read before");
        }
    }

    private Object version() {
        try {
            BasicFileAttributes a = Files.readAttributes(options.baseline(), BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return null;
        }
    }
}
