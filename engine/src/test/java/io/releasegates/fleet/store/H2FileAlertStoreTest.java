package io.releasegates.fleet.store;

import java.nio.file.Files;

class H2FileAlertStoreTest extends FileAlertStoreContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-fleet-alerts-h2").resolve("fleet").toString();
    }
}
