package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import io.releasegates.signing.Signatures;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The integrity gate: records signed baselines of a tree and checks a tree against a baseline or against the
 * approved configuration in git. Every problem is collected into one {@link GateReport}; only input that cannot be
 * used at all (no such directory, unreadable baseline, unknown ref) throws {@link io.releasegates.report.BadInputException}.
 */
public final class IntegrityChecker {
    public static final String GATE = "integrity";
    /** Excluded in git mode: a deployed clone's own object database is not configuration. */
    public static final String GIT_DIR_EXCLUDE = "/.git";

    private final int threads;

    public IntegrityChecker() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads hashing threads (at least one) */
    public IntegrityChecker(int threads) {
        this.threads = Math.max(1, threads);
    }

    /**
     * The integrity gate's one entry point: checks the request's tree against its baseline file or its commit in git.
     * Every problem is a finding; only input that cannot be used at all throws
     * {@link io.releasegates.report.BadInputException}.
     */
    public static GateReport check(IntegrityRequest request) {
        IntegrityChecker checker = request.threads() == 0 ? new IntegrityChecker() : new IntegrityChecker(request.threads());
        if (request.isBaseline()) {
            return checker.checkBaseline(request.tree(), request.baselineFile(), request.key(), request.excludes());
        }
        return checker.checkGit(request.tree(), request.git(), request.ref(), request.subdir(),
                new PathFilter(request.includes(), request.excludes()));
    }

    /** Reads {@code dir} into a baseline; write it with {@link Baseline#write}. */
    public Baseline baseline(Path dir, PathFilter filter) {
        PathFilter f = filter == null ? PathFilter.ALL : filter;
        return Baseline.of(new TreeScanner(f, threads).scan(dir), f);
    }

    /**
     * Checks {@code dir} against a baseline file (package-private: callers build an {@link IntegrityRequest}).
     *
     * @param key           verifies the baseline's signature; null reports the baseline as unverified
     * @param extraExcludes excludes on top of the ones the baseline recorded
     */
    GateReport checkBaseline(Path dir, Path baselineFile, SigningKey key, List<String> extraExcludes) {
        byte[] bytes = BaselineFile.bytes(baselineFile);
        // the entries parse (and the digest a signature covers) on another core while the tree is walked: both take
        // a fresh JVM a few hundred ms
        CompletableFuture<BaselineFile.Loaded> parsing = CompletableFuture.supplyAsync(() -> {
            BaselineFile.Loaded parsed = BaselineFile.parse(baselineFile, bytes);
            return key == null ? parsed : parsed.prepareVerification();
        });
        Optional<PathFilter> ahead = BaselineFile.filterAhead(bytes);
        PathFilter recorded = ahead.isPresent() ? ahead.get() : await(parsing).baseline().filter();
        PathFilter filter = recorded.withExcludes(extraExcludes == null ? List.of() : extraExcludes);
        TreeSnapshot snapshot = new TreeScanner(filter, threads).scan(dir);
        BaselineFile.Loaded loaded = await(parsing);
        Baseline baseline = loaded.baseline();
        String baselineSubject = "baseline " + baselineFile;
        String treeSubject = "tree " + dir;
        List<Finding> findings = new ArrayList<>();
        Map<String, TreeEntry> expected = new LinkedHashMap<>();
        baseline.byPath().forEach((p, e) -> {
            if (!filter.isExcluded(p)) {
                expected.put(p, e);
            }
        });
        findings.addAll(new DriftComparator(DriftComparator.Profile.BASELINE, treeSubject).compare(expected, snapshot));
        if (key == null) {
            boolean signed = loaded.signature() != null;
            findings.add(IntegrityRule.UNVERIFIED.finding(baselineSubject, baselineFile.toString(), signed
                    ? "baseline is signed but no key was given: its signature was not checked"
                    : "baseline is not signed: a changed baseline cannot be told from a genuine one").build());
        } else {
            Signatures.Verification v = loaded.verify(key.verifier());
            if (!v.valid()) {
                String message = v.status() == Signatures.Status.UNSIGNED
                        ? "baseline carries no signature although a key was given: it was replaced or stripped"
                        : "baseline signature rejected: " + v.message();
                findings.add(IntegrityRule.SIGNATURE.finding(baselineSubject, baselineFile.toString(), message)
                        .property("status", v.status().name().toLowerCase(java.util.Locale.ROOT))
                        .property("claimedKeyId", v.keyId().isEmpty() ? null : v.keyId())
                        .property("keyId", key.keyId()).build());
            }
        }

        GateReport.Builder report = GateReport.builder(GATE)
                .title("Integrity of " + dir + " against baseline " + baselineFile)
                .input(new Input("tree", dir.toString(), ""))
                .input(new Input("baseline", baselineFile.toString(), loaded.sha256()))
                .dataAsOf("baseline", baseline.createdAt())
                .subject(baselineSubject)
                .subject(treeSubject)
                .findings(findings);
        if (key != null) {
            report.input(new Input("key", key.keyId(), ""));
        }
        return summarise(report, snapshot, expected.size(), findings).build();
    }

    /**
     * Checks {@code dir} against the tree committed at {@code ref} (optionally a subdirectory of it; package-private:
     * callers build an {@link IntegrityRequest}).
     *
     * @param filter excludes apply to both sides; a top-level {@code .git} is always excluded
     */
    GateReport checkGit(Path dir, Path repo, String ref, String subdir, PathFilter filter) {
        PathFilter f = (filter == null ? PathFilter.ALL : filter).withExcludes(List.of(GIT_DIR_EXCLUDE));
        GitTree git = GitTree.read(repo, ref, subdir, f);
        TreeSnapshot snapshot = new TreeScanner(f, threads).scan(dir);
        snapshot = withoutSubmodules(snapshot, git.submodules());
        String treeSubject = "tree " + dir;
        String approved = repo + " at " + ref + (git.subdir().isEmpty() ? "" : ":" + git.subdir());
        List<Finding> findings = new DriftComparator(DriftComparator.Profile.GIT, treeSubject)
                .compare(git.entries(), snapshot);
        GateReport.Builder report = GateReport.builder(GATE)
                .title("Integrity of " + dir + " against " + approved + " (commit " + git.commitId() + ")")
                .input(new Input("tree", dir.toString(), ""))
                .input(new Input("git-repository", repo.toString(), ""))
                .input(new Input("git-commit", git.commitId(), ""))
                .dataAsOf("git-commit", git.commitTime())
                .subject(treeSubject)
                .findings(findings)
                .summary("submodulesSkipped", git.submodules().size());
        return summarise(report, snapshot, git.entries().size(), findings).build();
    }

    /**
     * What drifted between part of a baseline and the same part of the tree, with the rules and properties of
     * a baseline {@link #check} (content, type, link target, mode, owner; never timestamps). For {@code integrity watch}.
     *
     * @param expected baseline entries by path (those of the part that was read)
     * @param actual   the same part as read now ({@link TreeScanner#scanPath})
     */
    public static List<Finding> drift(Map<String, TreeEntry> expected, TreeSnapshot actual) {
        return new DriftComparator(DriftComparator.Profile.BASELINE, "tree " + actual.root()).compare(expected, actual);
    }

    /** The parse's own exception (bad input naming the file) rather than a wrapper. */
    private static BaselineFile.Loaded await(CompletableFuture<BaselineFile.Loaded> parsing) {
        try {
            return parsing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static TreeSnapshot withoutSubmodules(TreeSnapshot snapshot, List<String> submodules) {
        if (submodules.isEmpty()) {
            return snapshot;
        }
        Map<String, TreeEntry> kept = new LinkedHashMap<>(snapshot.entries());
        kept.keySet().removeIf(p -> submodules.stream().anyMatch(s -> p.equals(s) || p.startsWith(s + "/")));
        return new TreeSnapshot(snapshot.root(), kept, snapshot.bytesHashed());
    }

    private static GateReport.Builder summarise(GateReport.Builder report, TreeSnapshot snapshot, int approved,
                                                List<Finding> findings) {
        Set<String> drifted = new HashSet<>();
        findings.stream().filter(x -> x.subject().startsWith("tree ")).forEach(x -> drifted.add(x.location()));
        return report.summary("pathsApproved", approved)
                .summary("pathsOnDisk", snapshot.entries().size())
                .summary("files", snapshot.count(EntryType.FILE))
                .summary("directories", snapshot.count(EntryType.DIRECTORY))
                .summary("symlinks", snapshot.count(EntryType.SYMLINK))
                .summary("bytesHashed", snapshot.bytesHashed())
                .summary("pathsDrifted", drifted.size());
    }
}
