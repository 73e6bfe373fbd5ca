package io.releasegates.fleet.store;

import java.nio.file.Files;

class H2SnapshotStoreTest extends SnapshotStoreContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-fleet-snapshots-h2").resolve("fleet").toString();
    }
}
