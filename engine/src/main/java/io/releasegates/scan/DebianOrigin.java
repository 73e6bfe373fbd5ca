package io.releasegates.scan;

/**
 * What the hosts reported about an installed Debian binary package version on one release; what
 * {@link OsvVersionScan} needs to match it against OSV's Debian advisories.
 *
 * @param distro        the purl {@code distro} qualifier: a codename ({@code bookworm}), {@code debian-12} or {@code 12}
 * @param source        the source package (dpkg {@code Source:}); empty when dpkg names none, i.e. the binary's name
 * @param sourceVersion the source version when dpkg names one that differs from the binary's; empty otherwise
 */
public record DebianOrigin(String distro, String source, String sourceVersion) {
    public DebianOrigin {
        distro = distro == null ? "" : distro;
        source = source == null ? "" : source;
        sourceVersion = sourceVersion == null ? "" : sourceVersion;
    }
}
