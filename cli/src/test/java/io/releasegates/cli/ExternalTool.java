package io.releasegates.cli;

import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test drives (restic, rpmbuild, chromium...), found on the PATH. When it is missing the test says which
 * Debian package to install instead of dying on a raw "Cannot run program": under {@code ./build test} (which installs
 * them and sets RELEASE_GATES_REQUIRE_TOOLS=1) that is a failure, so a green build means every test ran; in a plain
 * {@code ./mvnw verify} the test is skipped with that message.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** The tool's path; fails (or skips, outside ./build) naming the package when no candidate is on the PATH. */
    public static String require(String debianPackage, String... candidates) {
        Optional<String> found = find(candidates);
        if (found.isPresent()) {
            return found.get();
        }
        String message = candidates[0] + " is not installed: apt-get install " + debianPackage
                + " (./build test installs it)";
        if ("1".equals(System.getenv("RELEASE_GATES_REQUIRE_TOOLS"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return null;
    }

    public static Optional<String> find(String... candidates) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : candidates) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute() && f.isFile()) {
                    return Optional.of(f.getPath());
                }
            }
        }
        return Optional.empty();
    }
}
