package io.releasegates.gate.check;

import io.releasegates.inventory.Inventory;
import io.releasegates.inventory.MavenRepositoryIndex;
import io.releasegates.inventory.PackageInventory;
import io.releasegates.inventory.PackageWalker;
import java.nio.file.Path;
import java.util.List;

/**
 * Inventory of the release package. Option {@code maven-repo: DIR} names the Maven repository used to identify jars
 * without metadata by SHA-1 (default {@code ~/.m2/repository}); {@code maven-repo: none} uses none.
 */
final class InventoryStep implements Step {
    @Override
    public Output run(Context context) {
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
        return new Output(PackageInventory.report(inventory, context.packageFile().toString()), List.of());
    }
}
