package io.releasegates.fleet;

import io.releasegates.inventory.DebianVersion;
import java.util.Comparator;
import org.apache.maven.artifact.versioning.ComparableVersion;

/** Picks the version ordering of a package ecosystem: dpkg's for deb, Maven's ComparableVersion otherwise. */
public final class VersionOrder {
    private static final Comparator<String> MAVEN = Comparator.comparing(ComparableVersion::new);

    private VersionOrder() {
    }

    public static Comparator<String> forType(String purlType) {
        if ("deb".equals(purlType)) {
            return DebianVersion.ORDER;
        }
        if ("rpm".equals(purlType)) {
            return RpmVersion.ORDER;
        }
        // maven, apk and everything else: Maven's ordering is a sane generic dotted-number-with-qualifier order
        return MAVEN;
    }
}
