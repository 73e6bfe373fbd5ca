package io.releasegates.pipeline;

import io.releasegates.fleet.PackageOrigin;
import io.releasegates.fleet.SbomIngest;
import io.releasegates.fleet.SbomReader;
import io.releasegates.fleet.ScanEvidence;
import io.releasegates.fleet.VulnerabilityScan;
import io.releasegates.fleet.store.Catalog;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.scan.DebianOrigin;
import io.releasegates.scan.OsvVersionScan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host inventory made by a CI step, reported to the fleet store (what {@code release-gates fleet ingest} does), and
 * the store's versions matched against OSV data (what {@code fleet vulnerabilities --osv} does).
 */
public final class FleetReporting {
    private FleetReporting() {
    }

    /**
     * Reads a CycloneDX SBOM and replaces the host's snapshot in {@code store} ({@link SbomIngest}, as
     * {@code fleet ingest} does); the host is the SBOM's subject unless {@code host} names it.
     */
    public static FleetStore.IngestResult ingest(FleetStore store, byte[] sbom, String origin, String host,
                                                 String environment, String role, Instant now) {
        return SbomIngest.ingest(store, List.of(SbomReader.read(sbom, origin)), origin, host, environment, role, now);
    }

    /**
     * Records a promoted release and its components from its CycloneDX SBOM (what {@code fleet release} and
     * {@code check} with a store do, and the entry point for the plugin's promotion gate): the SBOM is read by the
     * one reader the fleet ingest uses. The monitor re-evaluates recorded releases on every pass.
     */
    public static MonitorStore.ReleaseRow recordRelease(FleetStore store, byte[] sbom, String origin, String name,
                                                        String version, String environment, Instant promotedAt) {
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            throw new io.releasegates.report.BadInputException(origin + ": a release needs a name and a version");
        }
        SbomReader.Sbom read = SbomReader.read(sbom, origin);
        List<MonitorStore.Component> components = read.packages().stream()
                .map(p -> new MonitorStore.Component(p.key(), p.version())).toList();
        return store.monitor().recordRelease(new MonitorStore.Release(name, version,
                environment == null || environment.isBlank() ? "default" : environment, promotedAt, components));
    }

    /**
     * Every version the store knows matched against OSV records: Maven versions by purl, Debian ones through the
     * release and source package their hosts reported. The result is imported with {@link FleetStore#recordVulnerabilities}.
     */
    public static VulnerabilityScan matchOsv(FleetStore store, Path osv) {
        List<String> purls = new ArrayList<>();
        Catalog catalog = store.catalog();
        for (Catalog.Component c : catalog.components()) {
            catalog.versionsOf(c.id()).forEach(v -> purls.add(c.key() + "@" + v.version()));
        }
        Map<String, List<DebianOrigin>> origins = new HashMap<>();
        for (PackageOrigin o : store.origins()) {
            origins.computeIfAbsent(o.key() + "@" + o.version(), k -> new ArrayList<>())
                    .add(new DebianOrigin(o.distro(), o.source(), o.sourceVersion()));
        }
        return ScanEvidence.of(OsvVersionScan.scan(osv, purls, origins), osv.toString());
    }
}
