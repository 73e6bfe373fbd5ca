package io.releasegates.inventory;

import io.releasegates.report.GateReport;

/**
 * What {@link PackageInventory#run} found: the inventory (for the SBOM and a summary) and the same as gate evidence.
 *
 * @param inventory the components, findings and errors, compared with the declared SBOM when one was given
 * @param report    the inventory as evidence ({@link PackageInventory#report})
 */
public record InventoryResult(Inventory inventory, GateReport report) {
}
