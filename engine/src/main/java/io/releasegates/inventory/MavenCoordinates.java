package io.releasegates.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;

/** groupId, artifactId, version and optional classifier of a Maven artifact; {@link #purl()} builds its package URL. */
public record MavenCoordinates(String groupId, String artifactId, String version, String classifier) {

    public MavenCoordinates {
        classifier = classifier == null ? "" : classifier;
    }

    /**
     * Coordinates from a path in the Maven repository layout,
     * {@code g/r/o/u/p/artifact/version/artifact-version[-classifier].jar} (a leading {@code /} is ignored); empty when
     * the path does not follow it.
     */
    public static java.util.Optional<MavenCoordinates> fromRepositoryPath(String path) {
        String[] parts = path.replace('\\', '/').replaceAll("^/+", "").split("/");
        int n = parts.length;
        if (n < 4) {
            return java.util.Optional.empty();
        }
        String artifact = parts[n - 3];
        String version = parts[n - 2];
        String file = parts[n - 1];
        String prefix = artifact + "-" + version;
        if (!file.startsWith(prefix) || !file.endsWith(".jar")) {
            return java.util.Optional.empty();
        }
        String rest = file.substring(prefix.length(), file.length() - ".jar".length());
        if (!rest.isEmpty() && !rest.startsWith("-")) {
            return java.util.Optional.empty();
        }
        MavenCoordinates c = new MavenCoordinates(String.join(".", java.util.Arrays.asList(parts).subList(0, n - 3)),
                artifact, version, rest.isEmpty() ? "" : rest.substring(1));
        return c.complete() && c.groupId().chars().noneMatch(ch -> ch == ' ')
                ? java.util.Optional.of(c) : java.util.Optional.empty();
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
