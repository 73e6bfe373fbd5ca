package io.releasegates.fleet;

import io.releasegates.report.Severity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scan knows about one component version. {@code matched} false means the scan examined the version but
 * could tie no vulnerability data to it (the scan's RG-SCAN-UNMATCHED): that is not "no known vulnerabilities".
 *
 * @param key             purl without version, qualifiers or subpath (as {@link PackageRef#key()})
 * @param version         the version
 * @param matched         whether vulnerability data covered this version
 * @param scannedAt       when the scan that stated this ran
 * @param source          which scan: the scanned package's file name and digest
 * @param vulnerabilities known advisories, by id; always empty when not matched
 */
public record ScannedVersion(String key, String version, boolean matched, Instant scannedAt, String source,
                             List<KnownVulnerability> vulnerabilities) {
    public ScannedVersion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(scannedAt, "scannedAt");
        source = source == null ? "" : source;
        // both backends keep microseconds: "is this scan newer?" must give the same answer before and after storing
        scannedAt = scannedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        vulnerabilities = vulnerabilities == null ? List.of()
                : vulnerabilities.stream().sorted(Comparator.comparing(KnownVulnerability::advisory)).toList();
    }

    /** The worst severity among the advisories; empty when none is known. */
    public Optional<Severity> highest() {
        return vulnerabilities.stream().map(KnownVulnerability::severity).max(Comparator.naturalOrder());
    }
}
