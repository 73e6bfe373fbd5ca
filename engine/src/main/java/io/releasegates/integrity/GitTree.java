package io.releasegates.integrity;

import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * The approved state of a tree as committed to git, read straight from the object database (no checkout, no work
 * tree needed): bare repositories and clones alike.
 *
 * @param repository  the git directory that was opened
 * @param ref         as the user gave it (branch, tag, commit id, {@code HEAD~2}…)
 * @param commitId    full id of the commit the ref resolved to
 * @param commitTime  committer time of that commit
 * @param subdir      path inside the commit that corresponds to the deployed tree; empty for the whole commit
 * @param entries     files, executables, symlinks and directories by path relative to {@code subdir}
 * @param submodules  gitlink paths: their content lives in another repository and is not compared
 */
public record GitTree(Path repository, String ref, String commitId, Instant commitTime, String subdir,
                      Map<String, TreeEntry> entries, List<String> submodules) {

    public GitTree {
        entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
        submodules = List.copyOf(submodules);
    }

    /**
     * Reads the tree at {@code ref}; an unknown repository, ref or subdirectory is bad input naming it.
     *
     * @param filter excludes apply as on disk, so that both sides hold the same paths
     */
    public static GitTree read(Path repoDir, String ref, String subdir, PathFilter filter) {
        java.io.File gitDir = RepositoryCache.FileKey.resolve(repoDir.toFile(), FS.DETECTED);
        if (gitDir == null) {
            throw new BadInputException(repoDir + ": not a git repository");
        }
        String sub = subdir == null ? "" : trimSlashes(subdir);
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
             RevWalk walk = new RevWalk(repo);
             ObjectReader reader = repo.newObjectReader()) {
            ObjectId id;
            try {
                id = repo.resolve(ref + "^{commit}");
            } catch (RevisionSyntaxException | IOException e) {
                throw new BadInputException(repoDir + ": cannot resolve ref '" + ref + "' (" + TreeScanner.describe(e) + ")", e);
            }
            if (id == null) {
                throw new BadInputException(repoDir + ": no commit for ref '" + ref + "'");
            }
            RevCommit commit = walk.parseCommit(id);
            ObjectId tree = commit.getTree();
            if (!sub.isEmpty()) {
                try (TreeWalk at = TreeWalk.forPath(repo, sub, tree)) {
                    if (at == null || (at.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_TREE) {
                        throw new BadInputException(repoDir + ": no directory '" + sub + "' at " + ref + " (" + id.name() + ")");
                    }
                    tree = at.getObjectId(0);
                }
            }
            Map<String, TreeEntry> entries = new TreeMap<>();
            List<String> submodules = new ArrayList<>();
            collect(repo, reader, tree, filter == null ? PathFilter.ALL : filter, entries, submodules);
            return new GitTree(repoDir, ref, id.name(), Instant.ofEpochSecond(commit.getCommitTime()), sub, entries,
                    List.copyOf(submodules));
        } catch (IOException e) {
            throw new BadInputException(repoDir + ": cannot read git objects (" + TreeScanner.describe(e) + ")", e);
        }
    }

    private static void collect(Repository repo, ObjectReader reader, ObjectId tree, PathFilter filter,
                                Map<String, TreeEntry> entries, List<String> submodules) throws IOException {
        Map<ObjectId, String> hashes = new HashMap<>();
        MessageDigest md = Digests.newDigest("SHA-256");
        try (TreeWalk tw = new TreeWalk(repo, reader)) {
            tw.addTree(tree);
            tw.setRecursive(false);
            while (tw.next()) {
                String path = tw.getPathString();
                if (filter.isExcluded(path)) {
                    continue;
                }
                int raw = tw.getRawMode(0);
                int type = raw & FileMode.TYPE_MASK;
                ObjectId id = tw.getObjectId(0);
                if (type == FileMode.TYPE_TREE) {
                    if (filter.keeps(path)) {
                        entries.put(path, new TreeEntry(path, EntryType.DIRECTORY, 0, null, null, null, null, null, null));
                    }
                    tw.enterSubtree();
                } else if (type == FileMode.TYPE_GITLINK) {
                    submodules.add(path);
                } else if (!filter.keeps(path)) {
                    continue;
                } else if (type == FileMode.TYPE_SYMLINK) {
                    byte[] text = reader.open(id, Constants.OBJ_BLOB).getCachedBytes(1 << 16);
                    entries.put(path, new TreeEntry(path, EntryType.SYMLINK, text.length, null, null, null, null,
                            new String(text, StandardCharsets.UTF_8), null));
                } else if (type == FileMode.TYPE_FILE) {
                    ObjectLoader blob = reader.open(id, Constants.OBJ_BLOB);
                    String sha = hashes.get(id);
                    if (sha == null) {
                        sha = sha256(blob, md);
                        hashes.put(id.copy(), sha);
                    }
                    String mode = (raw & 0100) != 0 ? "0755" : "0644";
                    entries.put(path, new TreeEntry(path, EntryType.FILE, blob.getSize(), mode, null, null, sha, null, null));
                }
            }
        }
    }

    private static String sha256(ObjectLoader blob, MessageDigest md) throws IOException {
        md.reset();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = blob.openStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String trimSlashes(String s) {
        String t = s.replace('\\', '/');
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.equals(".") ? "" : t;
    }
}
