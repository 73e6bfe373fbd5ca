package io.releasegates.fleet.web;

import java.nio.file.Files;

class H2ConsoleBrowserTest extends ConsoleBrowserContract {
    @Override
    String storeUrl() throws Exception {
        return Files.createTempDirectory("rg-console-browser").resolve("fleet").toString();
    }

    @Override
    String name() {
        return "h2";
    }
}
