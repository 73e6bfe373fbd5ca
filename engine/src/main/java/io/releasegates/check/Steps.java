package io.releasegates.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The steps {@code check} knows, in run order. A step whose engine is not part of this build has no entry. */
final class Steps {
    static final List<String> NAMES = List.of("inventory", "scan", "backups", "integrity");

    private static final Map<String, Step> AVAILABLE = Map.of(
            "inventory", new InventoryCheckStep(),
            "scan", new ScanCheckStep(),
            "backups", new BackupsCheckStep(),
            "integrity", new IntegrityCheckStep());

    private Steps() {
    }

    static Optional<Step> find(String name) {
        return Optional.ofNullable(AVAILABLE.get(name));
    }
}
