package io.releasegates.check;

import io.releasegates.inventory.CycloneDx;
import io.releasegates.inventory.InventoryRequest;
import io.releasegates.inventory.PackageInventory;
import io.releasegates.inventory.RepositorySearch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Inventory of the release package, also written as a CycloneDX 1.6 SBOM ({@code reports/inventory.cdx.json}), through
 * the gate's one entry point {@link PackageInventory#run}. Option {@code maven-repo: DIR} names the Maven repository
 * used to identify jars without metadata by SHA-1 (default {@code ~/.m2/repository}); {@code maven-repo: none} uses
 * none. Option {@code checksum-search} asks a repository manager for the jars still unidentified (see {@link #checksumSearch}).
 */
final class InventoryCheckStep implements Step {
    private static final Map<String, StepOption> OPTIONS = Map.of("maven-repo", StepOption.TEXT,
            "checksum-search", StepOption.TEXT, "checksum-search-type", StepOption.TEXT,
            "checksum-search-credentials-env", StepOption.TEXT, "checksum-search-credentials-file", StepOption.PATH);

    @Override
    public Map<String, StepOption> options() {
        return OPTIONS;
    }

    @Override
    public Output run(Context context) throws IOException {
        String repo = context.config().text("maven-repo", "");
        Path bom = context.reportsDir().resolve("inventory.cdx.json");
        InventoryRequest.Builder request = InventoryRequest.builder().packagePath(context.packageFile())
                .checksumSearch(checksumSearch(context.config())).format(CycloneDx.Format.JSON).sbom(bom);
        if (repo.equals("none")) {
            request.noMavenRepo();
        } else if (!repo.isEmpty()) {
            request.mavenRepo(context.config().path("maven-repo"));
        }
        return new Output(PackageInventory.run(request.build()).report(), List.of(new Extra("CycloneDX SBOM", bom)));
    }

    /**
     * Options {@code checksum-search} ({@code central} or a URL), {@code checksum-search-type} (central, nexus,
     * artifactory), {@code checksum-search-credentials-env} (the variable's name) or
     * {@code checksum-search-credentials-file}; shared by the scan step.
     */
    static RepositorySearch checksumSearch(CheckConfig.StepConfig c) {
        String url = c.text("checksum-search", null);
        RepositorySearch search = RepositorySearch.configure(url, c.text("checksum-search-type", null), null, null,
                System.getenv(), "steps." + c.name() + ".checksum-search");
        return search == null ? null : search.withCredential(c.secret("checksum-search-credentials"));
    }
}
