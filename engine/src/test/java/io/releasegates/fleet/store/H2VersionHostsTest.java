package io.releasegates.fleet.store;

import java.nio.file.Files;

class H2VersionHostsTest extends VersionHostsContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-version-hosts-h2").resolve("fleet").toString();
    }
}
