package io.releasegates.gate.check;

import io.releasegates.inventory.CycloneDx;
import io.releasegates.inventory.Inventory;
import io.releasegates.inventory.MavenRepositoryIndex;
import io.releasegates.inventory.PackageInventory;
import io.releasegates.inventory.PackageWalker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Inventory of the release package, also written as a CycloneDX 1.6 SBOM ({@code reports/inventory.cdx.json}). Option {@code maven-repo: DIR} names the Maven repository used to identify jars
 * without metadata by SHA-1 (default {@code ~/.m2/repository}); {@code maven-repo: none} uses none.
 */
final class InventoryStep implements Step {
    private static final Map<String, StepOption> OPTIONS = Map.of("maven-repo", StepOption.TEXT);

    @Override
    public Map<String, StepOption> options() {
        return OPTIONS;
    }

    @Override
    public Output run(Context context) throws IOException {
        String repo = context.config().text("maven-repo", "");
        MavenRepositoryIndex index;
        if (repo.equals("none")) {
            index = null;
        } else if (repo.isEmpty()) {
            index = MavenRepositoryIndex.atDefaultLocation().orElse(null);
        } else {
            Path dir = context.config().path("maven-repo");
            index = new MavenRepositoryIndex(dir, null);
        }
        Inventory inventory = new PackageInventory(new PackageWalker(), index, s -> { }).inventory(context.packageFile());
        Path bom = context.reportsDir().resolve("inventory.cdx.json");
        CycloneDx.write(inventory, CycloneDx.Format.JSON, bom);
        return new Output(PackageInventory.report(inventory, context.packageFile().toString()),
                List.of(new Extra("CycloneDX SBOM", bom)));
    }
}
