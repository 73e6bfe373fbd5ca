package io.releasegates.pipeline;

import io.releasegates.inventory.CycloneDx;
import io.releasegates.inventory.HostInventory;
import io.releasegates.inventory.Inventory;
import io.releasegates.inventory.MavenRepositoryIndex;
import io.releasegates.inventory.PackageInventory;
import io.releasegates.inventory.PackageWalker;
import io.releasegates.inventory.RepositorySearch;
import io.releasegates.inventory.SbomComparison;
import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code release-gates inventory} as one call for a CI step: a package or the host, optionally compared with a
 * declared SBOM, written as CycloneDX, returned as evidence.
 *
 * @param packagePath the package; null with {@code host}
 * @param host        inventory the host's OS packages and JVM instead
 * @param hostRoot    file-system root for {@code host} (null: {@code /})
 * @param mavenRepo   Maven repository for SHA-1 identification (null: {@code ~/.m2/repository} when present)
 * @param compare     declared SBOM to compare with; null for none
 * @param format      {@code json} or {@code xml}; null: json
 * @param sbom        where to write the CycloneDX SBOM
 * @param checksumSearch a repository manager's SHA-1 search for jars without Maven metadata; null for none
 */
public record InventoryRun(Path packagePath, boolean host, Path hostRoot, Path mavenRepo, Path compare, String format,
                           Path sbom, RepositorySearch checksumSearch) {

    /** Without a checksum search. */
    public InventoryRun(Path packagePath, boolean host, Path hostRoot, Path mavenRepo, Path compare, String format,
                        Path sbom) {
        this(packagePath, host, hostRoot, mavenRepo, compare, format, sbom, null);
    }

    /** The CycloneDX file extension for {@code format}: {@code cdx.json} or {@code cdx.xml}. */
    public static String sbomExtension(String format) {
        return "cdx." + CycloneDx.Format.parse(format == null ? "json" : format).name().toLowerCase(java.util.Locale.ROOT);
    }

    public GateReport run() throws IOException {
        if (host == (packagePath != null)) {
            throw new BadInputException("inventory needs either a package path or host (not both)");
        }
        Path root = hostRoot == null ? Path.of("/") : hostRoot;
        Inventory inventory = host ? HostInventory.inventory(root) : packageInventory();
        if (compare != null) {
            if (!Files.isRegularFile(compare)) {
                throw new BadInputException(compare + ": no such SBOM file");
            }
            inventory = inventory.withFindings(SbomComparison.compare(inventory, compare));
        }
        CycloneDx.write(inventory, CycloneDx.Format.parse(format == null ? "json" : format), sbom);
        return PackageInventory.report(inventory, host ? root.toString() : packagePath.toString());
    }

    private Inventory packageInventory() {
        MavenRepositoryIndex index = MavenRepositoryIndex.forRepository(mavenRepo).orElse(null);
        return new PackageInventory(new PackageWalker(), index, checksumSearch, s -> { }).inventory(packagePath);
    }
}
