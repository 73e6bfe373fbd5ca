package io.releasegates.scan;

import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven version order (maven-artifact {@link ComparableVersion}) for every range check of both matchers. */
final class MavenVersions {
    private MavenVersions() {
    }

    /** Total on any strings (null counts as empty): a version nobody could parse still has a place in the order. */
    static int compare(String a, String b) {
        return new ComparableVersion(a == null ? "" : a).compareTo(new ComparableVersion(b == null ? "" : b));
    }

    /**
     * True when {@code version} lies in the range; a null bound is open. Bounds that are empty or {@code *} count as
     * open too, as NVD writes them.
     */
    static boolean inRange(String version, String startIncluding, String startExcluding, String endIncluding,
                           String endExcluding) {
        if (bound(startIncluding) && compare(version, startIncluding) < 0) {
            return false;
        }
        if (bound(startExcluding) && compare(version, startExcluding) <= 0) {
            return false;
        }
        if (bound(endIncluding) && compare(version, endIncluding) > 0) {
            return false;
        }
        return !bound(endExcluding) || compare(version, endExcluding) < 0;
    }

    private static boolean bound(String value) {
        return value != null && !value.isBlank() && !"*".equals(value) && !"-".equals(value);
    }
}
