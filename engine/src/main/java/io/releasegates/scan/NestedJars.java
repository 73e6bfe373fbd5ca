package io.releasegates.scan;

import io.releasegates.files.RegularFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The nested jars Dependency-Check's own archive analysis does not reach, copied out for it one by one. A jar handed to
 * Dependency-Check ({@link JarExtractor}: every jar, WAR or EAR at the package's top level) is unpacked by its
 * ArchiveAnalyzer, and the jars inside (a WAR's {@code WEB-INF/lib}, a fat jar's {@code BOOT-INF/lib}, an EAR's
 * modules) get its evidence-based identification too, down to {@value #DC_ARCHIVE_DEPTH} levels. A jar inside an
 * archive that is not itself a component (a {@code .zip} or {@code .tar.gz} inside a distribution), or deeper than
 * that, would get none: it is copied out here, under its own file name, and analysed like a top-level jar.
 */
final class NestedJars {
    /** Dependency-Check's ArchiveAnalyzer unpacks archives this many levels below a file it is handed ({@code archive.scan.depth}'s default). */
    static final int DC_ARCHIVE_DEPTH = 3;
    // the archives a package's inventory lists as components (and JarExtractor hands over), which DC unpacks
    private static final Pattern COMPONENT_ARCHIVE = Pattern.compile("(?i).+\\.(jar|war|ear|sar|hpi|jpi|aar)");

    private final Path containers;
    private final long maxBytes;
    private final Map<String, Path> extracted = new HashMap<>();
    private int count;

    private NestedJars(Path containers, long maxBytes) {
        this.containers = containers;
        this.maxBytes = maxBytes;
    }

    /** Whether Dependency-Check reaches the jar at {@code path} by unpacking the top-level archive it lies in. */
    static boolean reachedThroughContainer(String path) {
        String[] parts = path.split("!/");
        if (parts.length - 1 > DC_ARCHIVE_DEPTH) {
            return false;
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (!COMPONENT_ARCHIVE.matcher(name(parts[i])).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies each of {@code nested} (components whose path holds {@code !/}) out of {@code pkg} to its
     * {@link ExtractedJar#target} in {@code dir}; the archives around them are unpacked into a temp folder of their
     * own, removed before returning. Returns the jars written.
     */
    static List<Path> copy(Path pkg, List<ScanComponent> nested, Path dir, long maxBytes) throws IOException {
        Path containers = Files.createTempDirectory("release-gates-nested-");
        try {
            NestedJars n = new NestedJars(containers, maxBytes);
            n.topLevel(pkg, nested.stream().map(c -> c.path().split("!/")[0]).distinct().toList());
            List<Path> out = new ArrayList<>();
            for (ScanComponent c : nested) {
                if (Files.exists(dir.resolve(c.sha1()))) {
                    continue; // the same jar at another path: one copy
                }
                String[] parts = c.path().split("!/");
                Path container = n.extracted.get(parts[0]);
                String prefix = parts[0];
                for (int i = 1; i < parts.length - 1 && container != null; i++) {
                    prefix = prefix + "!/" + parts[i];
                    container = n.extracted.containsKey(prefix) ? n.extracted.get(prefix) : n.entry(container, parts[i], prefix, null);
                }
                if (container != null) {
                    Path target = ExtractedJar.target(dir, c);
                    if (n.entry(container, parts[parts.length - 1], c.path(), target) != null) {
                        out.add(target);
                    }
                }
            }
            return List.copyOf(out);
        } finally {
            try (Stream<Path> files = Files.walk(containers)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The package's top-level entries that hold nested jars, each copied once (one pass over a TAR stream). */
    private void topLevel(Path pkg, List<String> names) throws IOException {
        if (Files.isDirectory(pkg)) {
            Path root = pkg.toAbsolutePath().normalize();
            for (String name : names) {
                Path file = root.resolve(name).normalize();
                if (file.startsWith(root) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    extracted.put(name, file);
                }
            }
            return;
        }
        for (String name : names) {
            if (!fromZip(pkg, name, name, null)) {
                // not a ZIP: a TAR(.GZ) distribution, read once for all of them
                if (isTar(pkg)) {
                    Map<String, String> wanted = new HashMap<>();
                    names.forEach(n -> wanted.put(n, n));
                    fromTar(pkg, wanted, null);
                }
                return;
            }
        }
    }

    /** Copies {@code name} out of {@code archive} (ZIP or TAR/TGZ) to {@code target} (null: a new container file). */
    private Path entry(Path archive, String name, String fullPath, Path target) throws IOException {
        if (!fromZip(archive, name, fullPath, target) && isTar(archive)) {
            fromTar(archive, Map.of(name, fullPath), target);
        }
        return extracted.get(fullPath);
    }

    /** True when {@code archive} is a ZIP (whether or not it held {@code name}). */
    private boolean fromZip(Path archive, String name, String fullPath, Path target) throws IOException {
        java.nio.channels.SeekableByteChannel channel = RegularFiles.openNamed(archive);
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException notZip) {
            channel.close();
            return false;
        }
        try (ZipFile z = zip) {
            ZipArchiveEntry e = z.getEntry(name);
            if (e != null && !e.isDirectory()) {
                Path out = target != null ? target : newContainer(name);
                try (InputStream in = z.getInputStream(e)) {
                    ExtractedJar.copy(in, out, maxBytes, archive.getFileName() + "!/" + name);
                }
                extracted.put(fullPath, out);
            }
        }
        return true;
    }

    /** Copies the entries {@code wanted} names (entry name → full path) out of a TAR/TGZ, in one pass. */
    private void fromTar(Path archive, Map<String, String> wanted, Path target) throws IOException {
        String lower = Optional.ofNullable(archive.getFileName()).map(Path::toString).orElse("").toLowerCase(Locale.ROOT);
        Map<String, String> left = new HashMap<>(wanted);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             InputStream raw = gzipped(lower) ? GzipCompressorInputStream.builder().setInputStream(file)
                     .setDecompressConcatenated(true).get() : file;
             TarArchiveInputStream tar = new TarArchiveInputStream(raw, "UTF-8")) {
            for (var e = tar.getNextEntry(); e != null && !left.isEmpty(); e = tar.getNextEntry()) {
                String entry = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                String fullPath = left.remove(entry);
                if (fullPath != null && e.isFile()) {
                    Path out = target != null ? target : newContainer(entry);
                    ExtractedJar.copy(tar, out, maxBytes, archive.getFileName() + "!/" + entry);
                    extracted.put(fullPath, out);
                }
            }
        }
    }

    private Path newContainer(String entryName) throws IOException {
        Path folder = Files.createDirectory(containers.resolve(Integer.toString(++count)));
        String name = name(entryName);
        // only the file name's extension matters here (ZIP or TAR/TGZ), never a path from the package
        return folder.resolve(name.matches("[A-Za-z0-9._+-]{1,150}") ? name : "archive" + extension(name));
    }

    private static boolean isTar(Path archive) {
        String lower = Optional.ofNullable(archive.getFileName()).map(Path::toString).orElse("").toLowerCase(Locale.ROOT);
        return lower.endsWith(".tar") || gzipped(lower);
    }

    private static boolean gzipped(String lowerName) {
        return lowerName.endsWith(".tar.gz") || lowerName.endsWith(".tgz");
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String extension(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".tar.gz") ? ".tar.gz" : lower.contains(".") ? lower.substring(lower.lastIndexOf('.')) : "";
    }
}
