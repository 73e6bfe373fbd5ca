package io.releasegates.inventory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the sample releases (test-fixtures/target/fixtures). */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir() {
        String dir = System.getProperty("releasegates.fixtures");
        if (dir == null) {
            throw new IllegalStateException("system property releasegates.fixtures is not set (run through Maven)");
        }
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path + " is missing: build test-fixtures first (-am)");
        }
        return path;
    }

    static Path file(String name) {
        return dir().resolve(name);
    }
}
