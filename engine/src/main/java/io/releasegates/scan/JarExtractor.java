package io.releasegates.scan;

import io.releasegates.files.RegularFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Copies the jars Dependency-Check has to look at out of the package (a directory, a ZIP such as a WAR or fat jar,
 * or a TAR(.GZ) distribution) into a private temp folder, and deletes it on close. Each jar goes to
 * {@code <sha1>/<its file name>}: Dependency-Check reads the file name as evidence (tomcat-annotations-api-8.5.23.jar
 * has no Maven metadata, and its manifest names only javax.servlet 3.0), so it must see the name the package gives
 * the jar, exactly as when it scans the package itself. Only a plain file name reaches the file system
 * ({@link ExtractedJar}); any other becomes {@code <sha1>.jar}.
 */
final class JarExtractor implements AutoCloseable {
    private final Path dir;
    private final List<Path> jars = new ArrayList<>();

    private JarExtractor(Path dir) {
        this.dir = dir;
    }

    /**
     * Jars of a ZIP-type package, a TAR(.GZ) or a directory at the top level ({@code WEB-INF/lib/a.jar}), which
     * Dependency-Check unpacks itself (the jars nested in them get its analysis too), plus the nested jars it would not
     * reach that way ({@link NestedJars}), copied out one by one.
     */
    static JarExtractor extract(Path pkg, List<ScanComponent> components, long maxBytes) {
        JarExtractor x = topLevel(pkg, components, maxBytes);
        List<ScanComponent> unreached = components.stream()
                .filter(c -> c.path().contains("!/") && !NestedJars.reachedThroughContainer(c.path())).toList();
        if (!unreached.isEmpty()) {
            try {
                x.jars.addAll(NestedJars.copy(pkg, unreached, x.dir, maxBytes));
            } catch (IOException | RuntimeException e) {
                x.close();
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new UncheckedIOException("cannot copy nested jars for Dependency-Check", (IOException) e);
            }
        }
        return x;
    }

    private static JarExtractor topLevel(Path pkg, List<ScanComponent> components, long maxBytes) {
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
                    // the same jar at two paths is one file for Dependency-Check (and one folder here)
                    if (!c.path().contains("!/") && file.startsWith(root)
                            && Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && !Files.exists(dir.resolve(c.sha1()))) {
                        Path copy = ExtractedJar.target(dir, c);
                        try (java.io.InputStream in = RegularFiles.newInputStream(file)) {
                            Files.copy(in, copy);
                        }
                        x.jars.add(copy);
                    }
                }
                return x;
            }
            // read through the channel RegularFiles checked, never by name again (a FIFO swapped in would block)
            java.nio.channels.SeekableByteChannel channel = RegularFiles.openNamed(pkg);
            ZipFile opened;
            try {
                opened = ZipFile.builder().setSeekableByteChannel(channel).get();
            } catch (IOException notZip) {
                channel.close();
                // not a ZIP: a TAR(.GZ) distribution is read as a stream; anything else has nothing to hand over
                x.fromTar(pkg, components, maxBytes);
                return x;
            }
            try (ZipFile zip = opened) {
                String own = pkg.getFileName() == null ? "" : pkg.getFileName().toString();
                for (ScanComponent c : components) {
                    if (c.path().equals(own) && zip.getEntry(own) == null && !Files.exists(dir.resolve(c.sha1()))) {
                        descriptorStub(zip, ExtractedJar.target(dir, c)).ifPresent(x.jars::add);
                        continue;
                    }
                    ZipArchiveEntry entry = c.path().contains("!/") ? null : zip.getEntry(c.path());
                    if (entry == null || entry.isDirectory() || Files.exists(dir.resolve(c.sha1()))) {
                        continue;
                    }
                    Path target = ExtractedJar.target(dir, c);
                    try (InputStream in = zip.getInputStream(entry)) {
                        ExtractedJar.copy(in, target, maxBytes, pkg + "!/" + c.path());
                    }
                    x.jars.add(target);
                }
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

    /** Largest descriptor entry copied into a stub: a pom or a manifest, not data. */
    private static final long MAX_DESCRIPTOR_BYTES = 1 << 20;

    /**
     * The package's own descriptor as an archive of the package's name: its top-level {@code META-INF/MANIFEST.MF} and
     * {@code META-INF/maven/…/pom.xml}/{@code pom.properties}, the evidence Dependency-Check reads on the package file
     * itself (Shiro's samples-web WAR: groupId org.apache.shiro.samples, so cpe apache:shiro at the WAR's version),
     * without the jars inside, which it analyses on their own already. Empty when the package has no such entry.
     */
    static Optional<Path> descriptorStub(ZipFile zip, Path target) throws IOException {
        List<ZipArchiveEntry> entries = new ArrayList<>();
        for (ZipArchiveEntry e : java.util.Collections.list(zip.getEntries())) {
            String name = e.getName();
            boolean descriptor = name.equals("META-INF/MANIFEST.MF") || name.startsWith("META-INF/maven/")
                    && (name.endsWith("/pom.xml") || name.endsWith("/pom.properties"));
            if (descriptor && !e.isDirectory() && e.getSize() >= 0 && e.getSize() <= MAX_DESCRIPTOR_BYTES) {
                entries.add(e);
            }
        }
        if (entries.stream().noneMatch(e -> e.getName().startsWith("META-INF/maven/"))) {
            return Optional.empty();
        }
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipArchiveEntry e : entries) {
                byte[] data;
                try (InputStream in = zip.getInputStream(e)) {
                    // the declared size was checked; a header that lied about it is refused at the same bound
                    data = in.readNBytes((int) MAX_DESCRIPTOR_BYTES + 1);
                }
                if (data.length > MAX_DESCRIPTOR_BYTES) {
                    throw new IOException(e.getName() + ": larger than its header says");
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        return Optional.of(target);
    }

    /** The top-level jars of a {@code .tar}, {@code .tar.gz} or {@code .tgz} package, in one pass over the stream. */
    private void fromTar(Path pkg, List<ScanComponent> components, long maxBytes) throws IOException {
        String name = pkg.getFileName() == null ? "" : pkg.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean gzip = name.endsWith(".tar.gz") || name.endsWith(".tgz");
        if (!gzip && !name.endsWith(".tar")) {
            return;
        }
        java.util.Map<String, ScanComponent> byPath = new java.util.HashMap<>();
        components.stream().filter(c -> !c.path().contains("!/")).forEach(c -> byPath.putIfAbsent(c.path(), c));
        try (InputStream file = new java.io.BufferedInputStream(Files.newInputStream(pkg));
             InputStream raw = gzip ? org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream.builder().setInputStream(file).setDecompressConcatenated(true).get() : file;
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(raw, "UTF-8")) {
            for (var e = tar.getNextEntry(); e != null && byPath.size() > 0; e = tar.getNextEntry()) {
                String entry = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                ScanComponent c = byPath.remove(entry);
                if (c == null || !e.isFile() || Files.exists(dir.resolve(c.sha1()))) {
                    continue;
                }
                Path target = ExtractedJar.target(dir, c);
                ExtractedJar.copy(tar, target, maxBytes, pkg + "!/" + c.path());
                jars.add(target);
            }
        }
    }

    Path dir() {
        return dir;
    }

    /** SHA-1 of every jar extracted (their folders' names). */
    java.util.Set<String> sha1s() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Path jar : jars) {
            out.add(jar.getParent().getFileName().toString());
        }
        return out;
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
