package io.releasegates.scan;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies the few jars Dependency-Check has to look at out of the package into a private temp folder (named by
 * their SHA-1, so no entry name reaches the file system), and deletes it on close.
 */
final class JarExtractor implements AutoCloseable {
    private final Path dir;
    private final List<Path> jars = new ArrayList<>();

    private JarExtractor(Path dir) {
        this.dir = dir;
    }

    /**
     * Jars of a ZIP-type package or a directory at the top level ({@code WEB-INF/lib/a.jar}, not nested inside another
     * jar); jars Dependency-Check cannot be given this way are skipped (they keep their inventory identity).
     */
    static JarExtractor extract(Path pkg, List<ScanComponent> components, long maxBytes) {
        Path dir;
        try {
            dir = Files.createTempDirectory("release-gates-dc-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp folder", e);
        }
        JarExtractor x = new JarExtractor(dir);
        try {
            if (Files.isDirectory(pkg)) {
                // normalised both sides: a package path with ".." in it must still contain its own jars
                Path root = pkg.toAbsolutePath().normalize();
                for (ScanComponent c : components) {
                    Path file = root.resolve(c.path()).normalize();
                    // the same jar at two paths is one file for Dependency-Check (and one name here)
                    if (!c.path().contains("!/") && file.startsWith(root) && Files.isRegularFile(file)
                            && !Files.exists(dir.resolve(c.sha1() + ".jar"))) {
                        x.jars.add(Files.copy(file, dir.resolve(c.sha1() + ".jar")));
                    }
                }
                return x;
            }
            try (ZipFile zip = new ZipFile(pkg.toFile())) {
                for (ScanComponent c : components) {
                    ZipEntry entry = c.path().contains("!/") ? null : zip.getEntry(c.path());
                    if (entry == null || entry.isDirectory() || Files.exists(dir.resolve(c.sha1() + ".jar"))) {
                        continue;
                    }
                    Path target = dir.resolve(c.sha1() + ".jar");
                    try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
                        byte[] buffer = new byte[64 * 1024];
                        long total = 0;
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            total += n;
                            if (total > maxBytes) {
                                throw new BadInputException(pkg + "!/" + c.path() + ": larger than " + maxBytes + " bytes");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                    x.jars.add(target);
                }
            } catch (java.util.zip.ZipException e) {
                // not a ZIP (e.g. a TAR.GZ distribution): nothing to hand over
            }
            return x;
        } catch (IOException | RuntimeException e) {
            x.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot copy jars for Dependency-Check", (IOException) e);
        }
    }

    Path dir() {
        return dir;
    }

    boolean isEmpty() {
        return jars.isEmpty();
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp file is not worth failing a scan for
        }
    }
}
