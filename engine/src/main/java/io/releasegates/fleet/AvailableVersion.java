package io.releasegates.fleet;

import java.time.Instant;
import java.util.Objects;

/** A version known to exist (from a feed), with the moment it was first seen; the store keeps the earliest. */
public record AvailableVersion(PackageRef ref, Instant firstSeen) {
    public AvailableVersion {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(firstSeen, "firstSeen");
    }
}
