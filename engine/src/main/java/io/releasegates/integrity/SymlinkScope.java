package io.releasegates.integrity;

import java.nio.file.Path;

/**
 * Decides from the link text alone, without resolving anything, whether a symlink leaves the tree. Lexical on
 * purpose: resolving would mean following the link. Conservative: {@code a/../..} counts as outside even when
 * {@code a} is itself a link deeper into the tree.
 */
final class SymlinkScope {
    private SymlinkScope() {
    }

    static boolean pointsOutside(String linkPath, String target, Path root) {
        if (target.isEmpty()) {
            return false;
        }
        Path t = Path.of(target);
        if (t.isAbsolute()) {
            return !t.normalize().startsWith(root);
        }
        Path parent = Path.of(linkPath).getParent();
        Path resolved = (parent == null ? t : parent.resolve(t)).normalize();
        return resolved.startsWith("..");
    }
}
