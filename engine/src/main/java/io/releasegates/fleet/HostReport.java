package io.releasegates.fleet;

import io.releasegates.files.Digests;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one host reported: its packages (deduplicated by key and version), where it stands, and the Debian origins of
 * its deb packages (release and source, for matching OSV's Debian advisories).
 * The digest covers only the host's snapshot, so the same inventory re-sent with a new serial number or timestamp
 * is recognised as unchanged; origins are facts about versions, recorded whether or not the snapshot changed.
 */
public record HostReport(String host, String environment, String role, Instant reportedAt, List<PackageRef> packages,
                         List<PackageOrigin> origins) {
    public static final String DEFAULT_ENVIRONMENT = "default";
    public static final String DEFAULT_ROLE = "default";

    public HostReport {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.length() > 255) {
            throw new IllegalArgumentException("host name must be 1..255 characters");
        }
        environment = label(environment, DEFAULT_ENVIRONMENT, "environment");
        role = label(role, DEFAULT_ROLE, "role");
        reportedAt = reportedAt == null ? Instant.now() : reportedAt;
        TreeMap<String, PackageRef> unique = new TreeMap<>();
        for (PackageRef p : packages) {
            unique.putIfAbsent(p.key() + "@" + p.version(), p);
        }
        packages = List.copyOf(unique.values());
        origins = origins == null ? List.of() : List.copyOf(origins);
    }

    public HostReport(String host, String environment, String role, Instant reportedAt, List<PackageRef> packages) {
        this(host, environment, role, reportedAt, packages, List.of());
    }

    private static String label(String value, String fallback, String what) {
        String v = value == null || value.isBlank() ? fallback : value.strip();
        if (v.length() > 100) {
            throw new IllegalArgumentException(what + " must be at most 100 characters");
        }
        return v;
    }

    public String digest() {
        StringBuilder text = new StringBuilder(environment).append('\n').append(role).append('\n');
        packages.stream().sorted(Comparator.comparing(PackageRef::key).thenComparing(PackageRef::version))
                .forEach(p -> text.append(p.key()).append('@').append(p.version()).append('\n'));
        return Digests.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public HostReport withPackages(List<PackageRef> replacement) {
        return new HostReport(host, environment, role, reportedAt, replacement, origins);
    }
}
