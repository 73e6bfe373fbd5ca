package io.releasegates.fleet.store;

import java.nio.file.Files;

class H2ConsoleTest extends ConsoleContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-fleet-console-h2").resolve("fleet").toString();
    }
}
