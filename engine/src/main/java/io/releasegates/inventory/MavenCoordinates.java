package io.releasegates.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;

/** groupId, artifactId, version and optional classifier of a Maven artifact; {@link #purl()} builds its package URL. */
public record MavenCoordinates(String groupId, String artifactId, String version, String classifier) {

    public MavenCoordinates {
        classifier = classifier == null ? "" : classifier;
    }

    /**
     * True when every part is present, none is an unresolved {@code ${property}}, and they make a valid package URL:
     * metadata that cannot be a purl (e.g. a name of only a slash) identifies nothing rather than stopping the scan.
     */
    public boolean complete() {
        return usable(groupId) && usable(artifactId) && usable(version) && validPurl();
    }

    private boolean validPurl() {
        try {
            purl();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean usable(String s) {
        return s != null && !s.isBlank() && !s.contains("${");
    }

    /**
     * {@code pkg:maven/group/artifact@version[?classifier=…]}, canonical as packageurl-java builds it; an
     * {@link IllegalArgumentException} for coordinates that are not {@link #complete()}.
     */
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
