package io.releasegates.pipeline;

import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.SbomReader;
import io.releasegates.fleet.store.FleetStore;
import java.time.Instant;

/** A host inventory made by a CI step, reported to the fleet store (what {@code release-gates fleet ingest} does). */
public final class FleetReporting {
    private FleetReporting() {
    }

    /**
     * Reads a CycloneDX SBOM and replaces the host's snapshot in {@code store}; the host is the SBOM's subject unless
     * {@code host} names it.
     */
    public static FleetStore.IngestResult ingest(FleetStore store, byte[] sbom, String origin, String host,
                                                 String environment, String role, Instant now) {
        SbomReader.Sbom read = SbomReader.read(sbom, origin);
        String name = host == null || host.isBlank() ? read.subjectName() : host;
        return store.ingest(new HostReport(name, environment, role, now, read.packages(), read.origins()));
    }
}
