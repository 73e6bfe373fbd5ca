package io.releasegates.jenkins;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.pipeline.FleetReporting;
import io.releasegates.report.BadInputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * A release that passed {@code promotionGate} is recorded in the configured fleet store with the components of the
 * build's package inventory (what the CLI's {@code check} does with a store), so the monitor keeps re-evaluating it
 * against new advisories. The inventory step keeps its SBOM in the build directory for this.
 */
final class PromotedRelease {
    private static final String SBOM = ".cdx";

    private PromotedRelease() {
    }

    /** Copies a package inventory's SBOM into the build: {@code <build>/release-gates/<id>.cdx.json|xml}. */
    static void keepSbom(Run<?, ?> run, FilePath sbom, String id) throws IOException, InterruptedException {
        String name = sbom.getName();
        String extension = name.endsWith(".xml") ? ".xml" : ".json";
        File dir = new File(run.getRootDir(), GateReportAction.DIR);
        Files.createDirectories(dir.toPath());
        sbom.copyTo(new FilePath(new File(dir, id + SBOM + extension)));
    }

    /** The SBOM of the build's last package inventory, or null when it ran none. */
    static File sbomOf(Run<?, ?> run) {
        List<GateReportAction> inventories = run.getActions(GateReportAction.class).stream()
                .filter(a -> a.getGate().equals("inventory")).toList();
        for (int i = inventories.size() - 1; i >= 0; i--) {
            for (String extension : List.of(".json", ".xml")) {
                File f = inventories.get(i).sideFile(SBOM.substring(1) + extension);
                if (f.isFile()) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * Records the release when a store is configured ({@code storeUrl}); the name is the job's full name, the version
     * the build's display name without its {@code #} (set {@code currentBuild.displayName = '1.4.2'} to name it).
     * A failure to record is logged on one line and does not undo the promotion.
     */
    static void record(Run<?, ?> run, String environment, TaskListener listener) {
        if (ReleaseGatesConfiguration.get().getStoreUrl() == null) {
            return;
        }
        File sbom = sbomOf(run);
        if (sbom == null) {
            listener.getLogger().println("[release-gates] release not recorded for monitoring: no package inventory "
                    + "(inventoryDependencies path: …) ran in this build");
            return;
        }
        String name = run.getParent().getFullName();
        String version = run.getDisplayName().startsWith("#") ? run.getDisplayName().substring(1) : run.getDisplayName();
        try {
            FleetStore store = FleetStoreProvider.get().store();
            MonitorStore.ReleaseRow row = FleetReporting.recordRelease(store, Files.readAllBytes(sbom.toPath()),
                    sbom.getName(), name, version, environment, Instant.now());
            listener.getLogger().println("[release-gates] release " + row.name() + " " + row.version() + " ("
                    + row.environment() + ") recorded for monitoring in the fleet store: " + row.components()
                    + " components");
        } catch (BadInputException | IOException | IllegalStateException e) {
            listener.getLogger().println("[release-gates] release not recorded for monitoring: " + e.getMessage());
        }
    }
}
