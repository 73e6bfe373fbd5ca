package io.releasegates.integrity;

import io.releasegates.report.Finding;
import io.releasegates.report.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;

/**
 * Compares an approved state (a baseline or a git tree) with the tree on disk and says what drifted. Only content,
 * type, link target, permissions and ownership count; timestamps are never compared.
 */
final class DriftComparator {
    /**
     * What the approved state can tell.
     *
     * @param fullMode      compare all permission bits (baseline); else only the owner's execute bit on files (git)
     * @param owners        compare owner and group (baseline); git has none
     * @param extraDirs     report directories on disk that the approved state lacks; git cannot hold empty ones
     */
    record Profile(boolean fullMode, boolean owners, boolean extraDirs) {
        static final Profile BASELINE = new Profile(true, true, true);
        static final Profile GIT = new Profile(false, false, false);
    }

    private final Profile profile;
    private final String subject;

    DriftComparator(Profile profile, String subject) {
        this.profile = profile;
        this.subject = subject;
    }

    /** Hash lookups both ways rather than a sorted merge: the report sorts findings itself. */
    List<Finding> compare(Map<String, TreeEntry> expected, TreeSnapshot actual) {
        List<Finding> findings = new ArrayList<>();
        Map<String, TreeEntry> now = actual.entries();
        List<String> unlistable = now.values().stream()
                .filter(e -> e.type() == EntryType.DIRECTORY && e.problem() != null).map(TreeEntry::path).toList();
        for (TreeEntry want : expected.values()) {
            String path = want.path();
            TreeEntry have = now.get(path);
            if (have == null) {
                if (unlistable.stream().noneMatch(d -> path.startsWith(d + "/"))) {
                    findings.add(IntegrityRule.REMOVED.finding(subject, path, want.type().label() + " " + path
                            + " is gone").property("expectedType", want.type().label()).build());
                }
            } else {
                judgeOnDisk(have, want, actual.root(), findings);
                compareBoth(want, have, findings);
            }
        }
        for (TreeEntry have : now.values()) {
            if (expected.containsKey(have.path())) {
                continue;
            }
            judgeOnDisk(have, null, actual.root(), findings);
            if (have.type() != EntryType.DIRECTORY || profile.extraDirs()) {
                findings.add(IntegrityRule.ADDED.finding(subject, have.path(), have.type().label() + " " + have.path()
                        + " is not in the approved state").property("actualType", have.type().label())
                        .property("actualSha256", have.sha256()).property("actualTarget", have.target()).build());
            }
        }
        return findings;
    }

    /** Reported whatever the approved state says; severe only when the approved state does not hold the same. */
    private void judgeOnDisk(TreeEntry have, TreeEntry want, Path root, List<Finding> findings) {
        String path = have.path();
        if (have.problem() != null) {
            findings.add(IntegrityRule.UNREADABLE.finding(subject, path, path + ": " + have.problem())
                    .property("problem", have.problem()).build());
        }
        boolean approved = want != null && want.type() == have.type() && Objects.equals(want.target(), have.target());
        Severity severity = approved ? Severity.MEDIUM : IntegrityRule.SPECIAL.severity();
        if (have.type().isSpecial()) {
            findings.add(IntegrityRule.SPECIAL.finding(severity, subject, path, have.type().label() + " " + path
                    + " was not read" + (approved ? " (approved)" : "")).property("actualType", have.type().label()).build());
        }
        if (have.type() == EntryType.SYMLINK && have.target() != null && SymlinkScope.pointsOutside(path, have.target(), root)) {
            findings.add(IntegrityRule.LINK_ESCAPE.finding(severity, subject, path, "symlink " + path + " -> "
                    + have.target() + " points outside the tree and was not followed" + (approved ? " (approved)" : ""))
                    .property("actualTarget", have.target()).build());
        }
    }

    private void compareBoth(TreeEntry want, TreeEntry have, List<Finding> findings) {
        String path = want.path();
        if (want.type() != have.type()) {
            findings.add(IntegrityRule.TYPE.finding(subject, path, path + " was a " + want.type().label() + ", is a "
                    + have.type().label()).property("expectedType", want.type().label())
                    .property("actualType", have.type().label()).property("actualTarget", have.target()).build());
            return;
        }
        if (want.type() == EntryType.FILE && have.sha256() != null && !have.sha256().equals(want.sha256())) {
            String why = want.sha256() == null ? " (the approved state holds no hash: it was unreadable then)" : "";
            findings.add(IntegrityRule.MODIFIED.finding(subject, path, "content of " + path + " changed" + why
                    + sizes(want, have)).property("expectedSha256", want.sha256()).property("actualSha256", have.sha256())
                    .property("expectedSize", want.size()).property("actualSize", have.size()).build());
        }
        if (want.type() == EntryType.SYMLINK && have.target() != null && !have.target().equals(want.target())) {
            findings.add(IntegrityRule.RETARGETED.finding(subject, path, "symlink " + path + " now points to "
                    + have.target() + " instead of " + want.target()).property("expectedTarget", want.target())
                    .property("actualTarget", have.target()).build());
        }
        compareMode(want, have, findings);
        if (profile.owners() && want.owner() != null && have.owner() != null
                && (!want.owner().equals(have.owner()) || !Objects.equals(want.group(), have.group()))) {
            findings.add(IntegrityRule.OWNER.finding(subject, path, path + " is owned by " + have.owner() + ":"
                    + have.group() + " instead of " + want.owner() + ":" + want.group())
                    .property("expectedOwner", want.owner()).property("actualOwner", have.owner())
                    .property("expectedGroup", want.group()).property("actualGroup", have.group()).build());
        }
    }

    private void compareMode(TreeEntry want, TreeEntry have, List<Finding> findings) {
        if (want.mode() == null || have.mode() == null) {
            return;
        }
        String path = want.path();
        if (profile.fullMode()) {
            if (!want.mode().equals(have.mode())) {
                findings.add(IntegrityRule.MODE.finding(subject, path, path + " has mode " + have.mode()
                        + " instead of " + want.mode()).property("expectedMode", want.mode())
                        .property("actualMode", have.mode()).build());
            }
        } else if (want.type() == EntryType.FILE && want.ownerExecutable() != have.ownerExecutable()) {
            findings.add(IntegrityRule.MODE.finding(subject, path, path + (have.ownerExecutable()
                    ? " is executable but git has it as a plain file (100644)"
                    : " is not executable but git has it as an executable (100755)"))
                    .property("expectedMode", want.mode()).property("actualMode", have.mode()).build());
        }
    }

    private static String sizes(TreeEntry want, TreeEntry have) {
        return want.size() == have.size() ? " (same size " + have.size() + " bytes)"
                : " (" + want.size() + " -> " + have.size() + " bytes)";
    }
}
