package io.releasegates.version;

import java.util.Comparator;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * The one home of version ordering, one entry point per question: {@link #order} picks an ecosystem's ordering —
 * dpkg's for Debian ({@link DebianVersion}), rpm's rpmvercmp for RPM ({@link RpmVersion}), Maven's
 * {@code ComparableVersion} for Maven and everything else (npm's semver, PyPI, apk… have no ordering of their own
 * here; Maven's is a sane generic dotted-number-with-qualifier order that also puts the usual pre-release tags,
 * alpha, beta, rc, before the release) — and {@link #inMavenRange} answers NVD's range checks.
 */
public final class Versions {
    /** Maven version order, total on any strings (null counts as empty): an unparsable version still has a place. */
    public static final Comparator<String> MAVEN = Versions::compareMaven;
    /** dpkg's order ({@code lib/dpkg/version.c}). */
    public static final Comparator<String> DEBIAN = DebianVersion.ORDER;
    /** rpm's rpmvercmp on {@code [epoch:]version[-release]}. */
    public static final Comparator<String> RPM = RpmVersion.ORDER;

    private Versions() {
    }

    /**
     * The ordering of an ecosystem, named by its purl type ({@code deb}, {@code rpm}, {@code maven}, …) or its OSV
     * name ({@code Debian:12}, {@code Maven}, …).
     */
    public static Comparator<String> order(String ecosystem) {
        if (ecosystem == null) {
            return MAVEN;
        }
        if (ecosystem.equals("deb") || ecosystem.startsWith("Debian:")) {
            return DEBIAN;
        }
        if (ecosystem.equals("rpm")) {
            return RPM;
        }
        return MAVEN;
    }

    public static int compareMaven(String a, String b) {
        return new ComparableVersion(a == null ? "" : a).compareTo(new ComparableVersion(b == null ? "" : b));
    }

    /**
     * True when {@code version} lies in the range (Maven order); a null bound is open. Bounds that are empty,
     * {@code *} or {@code -} count as open too, as NVD writes them.
     */
    public static boolean inMavenRange(String version, String startIncluding, String startExcluding,
                                       String endIncluding, String endExcluding) {
        if (bound(startIncluding) && compareMaven(version, startIncluding) < 0) {
            return false;
        }
        if (bound(startExcluding) && compareMaven(version, startExcluding) <= 0) {
            return false;
        }
        if (bound(endIncluding) && compareMaven(version, endIncluding) > 0) {
            return false;
        }
        return !bound(endExcluding) || compareMaven(version, endExcluding) < 0;
    }

    private static boolean bound(String value) {
        return value != null && !value.isBlank() && !"*".equals(value) && !"-".equals(value);
    }
}
