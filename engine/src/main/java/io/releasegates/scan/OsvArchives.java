package io.releasegates.scan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code release-gates data} needs of the scan's OSV reader, from outside this package: reading an archive the
 * way {@code scan --osv} and {@code fleet vulnerabilities --osv} will (so an archive that passes here is one they can
 * use), and osv.dev's ecosystem name for a Debian release as hosts report it.
 */
public final class OsvArchives {
    /**
     * @param records the OSV records read
     * @param newest  the newest record's {@code modified} time (the data's age)
     */
    public record Contents(int records, Instant newest) {
    }

    private OsvArchives() {
    }

    /**
     * Reads every record of {@code source} (an all.zip or a folder) through the OSV reader; a record that is not OSV
     * JSON, or an archive without any, is a {@link io.releasegates.report.BadInputException} naming it.
     */
    public static Contents read(Path source) {
        OsvDatabase db = OsvDatabase.load(source);
        return new Contents(db.size(), db.newestRecord());
    }

    /**
     * osv.dev's ecosystem for a purl {@code distro} qualifier as the fleet store keeps it ({@code bookworm},
     * {@code debian-12}, {@code 12} → {@code Debian:12}); empty when the release cannot be told.
     */
    public static Optional<String> debianEcosystem(String distro) {
        return DebianMatcher.release(distro).map(n -> OsvAdvisory.Affected.DEBIAN_PREFIX + n);
    }
}
