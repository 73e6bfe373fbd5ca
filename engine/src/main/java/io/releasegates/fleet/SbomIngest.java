package io.releasegates.fleet;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.report.BadInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way host SBOMs go into the fleet store, for {@code fleet ingest}, {@code POST /api/reports} and the plugin's
 * host inventory ({@code pipeline.FleetReporting}): the SBOMs' packages and Debian origins together as one host
 * report, the host named by the caller or else by the first SBOM's subject, and the same errors wherever it came from.
 */
public final class SbomIngest {
    private SbomIngest() {
    }

    /**
     * Replaces the host's snapshot with the packages of {@code sboms} (read by {@link SbomReader}), in one transaction.
     *
     * @param origin      what the SBOMs came from, for errors ({@code request}, a file name)
     * @param host        the host's name; null or blank for the first SBOM's subject (its metadata component name)
     * @param environment null or blank for {@value HostReport#DEFAULT_ENVIRONMENT}
     * @param role        null or blank for {@value HostReport#DEFAULT_ROLE}
     * @param reportedAt  null for now
     * @throws BadInputException naming {@code origin} when no host name can be had, or a name or label is too long
     */
    public static FleetStore.IngestResult ingest(FleetStore store, List<SbomReader.Sbom> sboms, String origin, String host,
                                                 String environment, String role, Instant reportedAt) {
        String name = host != null && !host.isBlank() ? host : sboms.isEmpty() ? null : sboms.get(0).subjectName();
        if (name == null || name.isBlank()) {
            throw new BadInputException(origin + ": no host name: name the host, or give the SBOM a metadata component name");
        }
        List<PackageRef> packages = new ArrayList<>();
        List<PackageOrigin> origins = new ArrayList<>();
        for (SbomReader.Sbom sbom : sboms) {
            packages.addAll(sbom.packages());
            origins.addAll(sbom.origins());
        }
        HostReport report;
        try {
            report = new HostReport(name, environment, role, reportedAt, packages, origins);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(origin + ": " + e.getMessage(), e);
        }
        return store.ingest(report);
    }
}
