package io.releasegates.scan;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a jar handed to Dependency-Check is copied ({@code dir/<sha1>/<file name>}) and the bounded copy itself,
 * shared by {@link JarExtractor} (jars Dependency-Check unpacks itself) and {@link NestedJars} (jars it cannot
 * reach), so neither depends on the other.
 */
final class ExtractedJar {
    /** Only a plain file name reaches the file system; any other becomes {@code <sha1>.jar}. */
    private static final Pattern SAFE_NAME =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,150}\\.(?i:jar|war|ear|sar|hpi|jpi|aar)");

    private ExtractedJar() {
    }

    /** {@code dir/<sha1>/<file name>}, its folder created; the same jar at two paths is one folder. */
    static Path target(Path dir, ScanComponent c) throws IOException {
        String path = c.path().replace('\\', '/');
        String name = path.substring(path.lastIndexOf('/') + 1);
        Path folder = dir.resolve(c.sha1());
        if (!Files.exists(folder)) {
            Files.createDirectory(folder);
        }
        return folder.resolve(SAFE_NAME.matcher(name).matches() ? name : c.sha1() + ".jar");
    }

    static void copy(InputStream in, Path target, long maxBytes, String what) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new BadInputException(what + ": larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
    }
}
