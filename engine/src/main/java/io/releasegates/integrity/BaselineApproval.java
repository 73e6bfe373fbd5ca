package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import io.releasegates.signing.Signatures;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code integrity approve}: records the tree as it is now into the signed baseline, for an intended change: the
 * whole tree, or only the named paths (each with everything below it). The old baseline must verify with the key
 * first, so an approval can never launder a baseline someone else altered; its globs and severities are kept.
 */
public final class BaselineApproval {
    /** Walk order: a directory before what is in it, names sorted per directory, as {@link TreeScanner} records. */
    static final Comparator<String> WALK_ORDER = (a, b) -> {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    /**
     * @param baseline the re-signed baseline as written
     * @param approved paths whose recorded state changed (added, removed or different), in walk order
     */
    public record Result(Baseline baseline, List<String> approved) {
        public Result {
            approved = List.copyOf(approved);
        }
    }

    private BaselineApproval() {
    }

    /**
     * @param paths relative to {@code dir} or absolute below it; empty approves the whole tree
     */
    public static Result approve(Path dir, Path baselineFile, SigningKey key, List<String> paths) throws IOException {
        if (!key.canSign()) {
            throw new BadInputException("approving re-signs the baseline: give the private key (or HMAC secret), not a public key");
        }
        BaselineFile.Loaded loaded = BaselineFile.read(baselineFile);
        Signatures.Verification v = loaded.verify(key.verifier());
        if (!v.valid()) {
            throw new BadInputException(baselineFile + ": refusing to approve on top of a baseline whose signature does "
                    + "not verify with key " + key.keyId() + " (" + v.message() + ")");
        }
        Baseline old = loaded.baseline();
        PathFilter filter = old.filter();
        TreeScanner scanner = new TreeScanner(filter);
        Map<String, TreeEntry> entries = new TreeMap<>(WALK_ORDER);
        if (paths.isEmpty()) {
            entries.putAll(scanner.scan(dir).entries());
        } else {
            Path root = realRoot(dir);
            entries.putAll(old.byPath());
            for (String p : paths) {
                String rel = relative(dir, root, p);
                entries.keySet().removeIf(k -> k.equals(rel) || k.startsWith(rel + "/"));
                entries.putAll(scanner.scanPath(root, rel, true).entries());
            }
        }
        Map<String, TreeEntry> before = old.byPath();
        TreeSet<String> changed = new TreeSet<>(WALK_ORDER);
        before.forEach((p, e) -> {
            if (!Objects.equals(entries.get(p), e)) {
                changed.add(p);
            }
        });
        entries.keySet().stream().filter(p -> !before.containsKey(p)).forEach(changed::add);
        Baseline updated = old.withEntries(new ArrayList<>(entries.values()));
        BaselineFile.write(updated, baselineFile, key);
        return new Result(updated, new ArrayList<>(changed));
    }

    private static Path realRoot(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(dir + ": no such directory");
        }
    }

    /** A PATH argument as a baseline path; one that leaves the tree is bad input naming it. */
    static String relative(Path dir, Path realRoot, String given) {
        Path p = Path.of(given);
        Path rel;
        if (p.isAbsolute()) {
            Path n = p.normalize();
            Path base = n.startsWith(realRoot) ? realRoot : dir.toAbsolutePath().normalize();
            if (!n.startsWith(base) || n.equals(base)) {
                throw new BadInputException(given + ": not a path below " + dir);
            }
            rel = base.relativize(n);
        } else {
            rel = p.normalize();
        }
        String s = rel.toString().replace(java.io.File.separatorChar, '/');
        if (s.isEmpty() || s.equals("..") || s.startsWith("../") || s.startsWith("/")) {
            throw new BadInputException(given + ": not a path below " + dir);
        }
        return s;
    }
}
