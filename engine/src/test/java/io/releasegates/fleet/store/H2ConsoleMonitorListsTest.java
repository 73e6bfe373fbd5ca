package io.releasegates.fleet.store;

import java.nio.file.Files;

class H2ConsoleMonitorListsTest extends ConsoleMonitorListsContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-console-monitor-h2").resolve("fleet").toString();
    }
}
