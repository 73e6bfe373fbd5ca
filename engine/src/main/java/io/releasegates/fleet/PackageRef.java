package io.releasegates.fleet;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.releasegates.report.BadInputException;
import java.util.Objects;

/**
 * One installed package: {@code key} is the purl without version, qualifiers or subpath (how the fleet groups
 * installations of "the same component"), {@code name} the human name (Maven "group:artifact", otherwise the purl name).
 */
public record PackageRef(String key, String type, String name, String version) {
    public PackageRef {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** Parses a purl with a version; a purl without one names no installation and is rejected. */
    public static PackageRef fromPurl(String purl) {
        try {
            PackageURL p = new PackageURL(purl);
            if (p.getVersion() == null || p.getVersion().isBlank()) {
                throw new BadInputException("purl without a version: " + purl);
            }
            return new PackageRef(keyOf(p), p.getType(), displayName(p), p.getVersion());
        } catch (MalformedPackageURLException e) {
            throw new BadInputException("malformed purl " + purl + ": " + e.getMessage(), e);
        }
    }

    /** The grouping key of any purl string, with or without a version. */
    public static String keyOf(String purl) {
        try {
            return keyOf(new PackageURL(purl));
        } catch (MalformedPackageURLException e) {
            throw new BadInputException("malformed purl " + purl + ": " + e.getMessage(), e);
        }
    }

    /** For components an SBOM lists without a purl: a generic purl keeps them visible instead of dropping them. */
    public static PackageRef generic(String name, String version) {
        try {
            PackageURL p = new PackageURL("generic", null, name, version, null, null);
            return new PackageRef(keyOf(p), "generic", name, version);
        } catch (MalformedPackageURLException e) {
            throw new BadInputException("component name cannot form a purl: " + e.getMessage(), e);
        }
    }

    private static String keyOf(PackageURL p) {
        try {
            return new PackageURL(p.getType(), p.getNamespace(), p.getName(), null, null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new BadInputException("malformed purl " + p + ": " + e.getMessage(), e);
        }
    }

    private static String displayName(PackageURL p) {
        if ("maven".equals(p.getType()) && p.getNamespace() != null) {
            return p.getNamespace() + ":" + p.getName();
        }
        return p.getName();
    }

    public String purl() {
        return key + "@" + version;
    }
}
