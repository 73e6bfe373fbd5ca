package io.releasegates.fleet;

import java.util.Objects;

/**
 * Where an installed Debian package version comes from, as its host reported it: the release (purl {@code distro}
 * qualifier, which the fleet's component key drops) and the source package (dpkg's {@code Source:} field, which the
 * inventory writes as the CycloneDX property {@code releasegates:source}, e.g. {@code openssl} or
 * {@code bash (5.2.15-2)}). OSV's Debian advisories name source packages of one release, so matching needs both.
 *
 * @param key           the component key (purl without version and qualifiers)
 * @param version       the installed (binary) version
 * @param distro        the {@code distro} qualifier as reported, e.g. {@code bookworm} or {@code debian-12}
 * @param source        the source package name; the binary name when dpkg names no source
 * @param sourceVersion the source version when dpkg gives one in parentheses (binNMUs), otherwise empty
 */
public record PackageOrigin(String key, String version, String distro, String source, String sourceVersion) {
    public static final int MAX_TEXT = 255;

    public PackageOrigin {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(distro, "distro");
        Objects.requireNonNull(source, "source");
        sourceVersion = sourceVersion == null ? "" : sourceVersion;
    }

    /**
     * The origin of a {@code pkg:deb} package from its purl's distro qualifier and dpkg's Source field (may be null);
     * null when the purl names no distro (the release cannot be told) or a value does not fit the store.
     */
    public static PackageOrigin of(PackageRef ref, String distro, String dpkgSource) {
        if (!"deb".equals(ref.type()) || distro == null || distro.isBlank()) {
            return null;
        }
        String source = ref.name();
        String sourceVersion = "";
        if (dpkgSource != null && !dpkgSource.isBlank()) {
            String s = dpkgSource.strip();
            int paren = s.indexOf(" (");
            if (paren > 0 && s.endsWith(")")) {
                sourceVersion = s.substring(paren + 2, s.length() - 1).strip();
                s = s.substring(0, paren).strip();
            }
            source = s;
        }
        if (distro.length() > 100 || source.length() > MAX_TEXT || sourceVersion.length() > MAX_TEXT) {
            return null;
        }
        return new PackageOrigin(ref.key(), ref.version(), distro.strip(), source, sourceVersion);
    }
}
