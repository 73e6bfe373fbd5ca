package io.releasegates.inventory;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What to inventory and where the SBOM goes: the one request of the inventory gate, built by the CLI's
 * {@code inventory}, the plugin's {@code inventoryDependencies} and {@code check}'s inventory step alike and passed to
 * {@link PackageInventory#run}. Build one with {@link #builder()}.
 *
 * @param packagePath    the package (WAR, EAR, JAR, fat jar, ZIP, TAR(.GZ) or a directory); null with {@code host}
 * @param host           inventory the host's OS packages and JVM instead of a package
 * @param hostRoot       file-system root for {@code host}; null: {@code /}
 * @param mavenRepo      Maven repository for SHA-1 identification; null: {@code -Dmaven.repo.local}, else
 *                       {@code ~/.m2/repository} when present
 * @param noMavenRepo    identify by SHA-1 in no Maven repository at all ({@code check}'s {@code maven-repo: none})
 * @param checksumSearch a repository manager's SHA-1 search for jars neither metadata nor the Maven repository
 *                       identify; null for none
 * @param compare        a declared CycloneDX SBOM to compare with; null for none
 * @param format         the SBOM's format; null: JSON
 * @param sbom           where to write the SBOM; null: not written (the CLI prints it on standard output)
 */
public record InventoryRequest(Path packagePath, boolean host, Path hostRoot, Path mavenRepo, boolean noMavenRepo,
                               RepositorySearch checksumSearch, Path compare, CycloneDx.Format format, Path sbom) {
    /** The settings' keys, as {@code check.yml} and the plugin name them (the CLI's flags are {@code --} and a key). */
    public static final String HOST = "host";
    public static final String MAVEN_REPO = "maven-repo";
    public static final String CHECKSUM_SEARCH = "checksum-search";

    public InventoryRequest {
        if (noMavenRepo && mavenRepo != null) {
            throw new IllegalArgumentException("give a Maven repository or none, not both");
        }
        hostRoot = host && hostRoot == null ? Path.of("/") : hostRoot;
        format = format == null ? CycloneDx.Format.JSON : format;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The CycloneDX file extension for a format's name ({@code json}, {@code xml}; null: json). */
    public static String sbomExtension(String format) {
        return "cdx." + CycloneDx.Format.parse(format == null ? "json" : format).name().toLowerCase(Locale.ROOT);
    }

    /** The path the gate report names as its input: the package as given, or the host's root. */
    String inputPath() {
        return host ? hostRoot.toString() : packagePath.toString();
    }

    /** Optional fields default to "none", the format to JSON, the Maven repository to the default one. */
    public static final class Builder {
        private Path packagePath;
        private boolean host;
        private Path hostRoot;
        private Path mavenRepo;
        private boolean noMavenRepo;
        private RepositorySearch checksumSearch;
        private Path compare;
        private CycloneDx.Format format;
        private Path sbom;

        private Builder() {
        }

        public Builder packagePath(Path value) {
            packagePath = value;
            return this;
        }

        /** @param root the host's file-system root; null: {@code /} */
        public Builder host(boolean value, Path root) {
            host = value;
            hostRoot = root;
            return this;
        }

        public Builder mavenRepo(Path value) {
            mavenRepo = value;
            return this;
        }

        /** No Maven repository at all, not even the default one. */
        public Builder noMavenRepo() {
            noMavenRepo = true;
            return this;
        }

        public Builder checksumSearch(RepositorySearch value) {
            checksumSearch = value;
            return this;
        }

        public Builder compare(Path value) {
            compare = value;
            return this;
        }

        public Builder format(CycloneDx.Format value) {
            format = value;
            return this;
        }

        public Builder sbom(Path value) {
            sbom = value;
            return this;
        }

        public InventoryRequest build() {
            return new InventoryRequest(packagePath, host, hostRoot, mavenRepo, noMavenRepo, checksumSearch, compare,
                    format, sbom);
        }
    }
}
