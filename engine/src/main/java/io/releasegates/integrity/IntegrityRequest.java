package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to check; pass it to {@link IntegrityChecker#check(IntegrityRequest)}, the integrity gate's one entry point
 * (the CLI's {@code integrity check}, the plugin's {@code verifyConfigIntegrity} and {@code check}'s integrity step
 * all build one). Build one with {@link #baseline} or {@link #git}: the tree is checked against exactly one of a
 * baseline file or a commit in git.
 *
 * @param tree         the deployed tree to check
 * @param baselineFile baseline mode: the baseline written by {@code integrity baseline}; null in git mode
 * @param key          baseline mode: verifies the baseline's signature; null reports the baseline as unverified
 * @param git          git mode: the repository (bare or clone) holding the approved tree; null in baseline mode
 * @param ref          git mode: commit, branch or tag ({@code HEAD} when null)
 * @param subdir       git mode: the directory inside the commit that the tree deploys; null or empty for the root
 * @param includes     git mode: compare only matching paths; a baseline keeps its own includes, so none there
 * @param excludes     skip matching paths; in baseline mode, on top of the excludes the baseline recorded
 * @param threads      hashing threads; 0 for all cores
 */
public record IntegrityRequest(Path tree, Path baselineFile, SigningKey key, Path git, String ref, String subdir,
                               List<String> includes, List<String> excludes, int threads) {
    public IntegrityRequest {
        Objects.requireNonNull(tree, "tree");
        if ((baselineFile == null) == (git == null)) {
            throw new IllegalArgumentException("an integrity check needs exactly one of a baseline file or a git repository");
        }
        includes = List.copyOf(includes == null ? List.of() : includes);
        excludes = List.copyOf(excludes == null ? List.of() : excludes);
        if (baselineFile != null && (git != null || ref != null || subdir != null || !includes.isEmpty())) {
            throw new IllegalArgumentException("ref, path and includes apply to a git check only");
        }
        if (git != null && key != null) {
            throw new IllegalArgumentException("a key applies to a baseline check only");
        }
        if (git != null && ref == null) {
            ref = "HEAD";
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads: expected 0 (all cores) or more, not " + threads);
        }
    }

    /** Baseline mode: {@code tree} against {@code baselineFile}, verified with {@code key} (null: unverified). */
    public static IntegrityRequest baseline(Path tree, Path baselineFile, SigningKey key) {
        return new IntegrityRequest(tree, Objects.requireNonNull(baselineFile, "baselineFile"), key, null, null, null,
                List.of(), List.of(), 0);
    }

    /** Git mode: {@code tree} against {@code ref} (null: HEAD) of {@code git}, optionally its {@code subdir}. */
    public static IntegrityRequest git(Path tree, Path git, String ref, String subdir) {
        return new IntegrityRequest(tree, null, null, Objects.requireNonNull(git, "git"), ref, subdir, List.of(),
                List.of(), 0);
    }

    /** This request comparing only paths matching {@code globs} (git mode). */
    public IntegrityRequest withIncludes(List<String> globs) {
        return new IntegrityRequest(tree, baselineFile, key, git, ref, subdir, globs, excludes, threads);
    }

    /** This request skipping paths matching {@code globs}. */
    public IntegrityRequest withExcludes(List<String> globs) {
        return new IntegrityRequest(tree, baselineFile, key, git, ref, subdir, includes, globs, threads);
    }

    /** This request hashing with {@code n} threads (0: all cores). */
    public IntegrityRequest withThreads(int n) {
        return new IntegrityRequest(tree, baselineFile, key, git, ref, subdir, includes, excludes, n);
    }

    /** True for a check against a baseline file, false for one against git. */
    public boolean isBaseline() {
        return baselineFile != null;
    }
}
