package io.releasegates.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;

/** groupId, artifactId, version and optional classifier of a Maven artifact; {@link #purl()} builds its package URL. */
public record MavenCoordinates(String groupId, String artifactId, String version, String classifier) {

    public MavenCoordinates {
        classifier = classifier == null ? "" : classifier;
    }

    /** True when every part is present and none is an unresolved {@code ${property}}. */
    public boolean complete() {
        return usable(groupId) && usable(artifactId) && usable(version);
    }

    private static boolean usable(String s) {
        return s != null && !s.isBlank() && !s.contains("${");
    }

    /** {@code pkg:maven/group/artifact@version[?classifier=…]}, canonical as packageurl-java builds it. */
    public String purl() {
        try {
            PackageURLBuilder b = PackageURLBuilder.aPackageURL().withType("maven").withNamespace(groupId)
                    .withName(artifactId).withVersion(version);
            if (!classifier.isEmpty()) {
                b.withQualifier("classifier", classifier);
            }
            return b.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("not a valid Maven purl: " + this + " (" + e.getMessage() + ")", e);
        }
    }
}
