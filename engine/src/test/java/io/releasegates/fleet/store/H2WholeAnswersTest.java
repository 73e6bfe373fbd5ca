package io.releasegates.fleet.store;

import java.nio.file.Files;

class H2WholeAnswersTest extends WholeAnswersContract {
    @Override
    String newStoreUrl() throws Exception {
        return Files.createTempDirectory("rg-whole-h2").resolve("fleet").toString();
    }
}
