package io.releasegates.fleet.store;

import java.nio.file.Files;

class H2DetailReadsTest extends DetailReadsContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-detail-reads-h2").resolve("fleet").toString();
    }
}
