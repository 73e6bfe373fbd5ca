package io.releasegates.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Archives laid out as osv.dev's all.zip ({@code <ID>.json} entries), built from the real OSV records in test-fixtures. */
final class OsvArchivesFixture {
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories");
    static final Path MAVEN = ADVISORIES.resolve("osv");
    static final Path DEBIAN = ADVISORIES.resolve("osv-debian");

    private OsvArchivesFixture() {
    }

    static List<Path> records(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code count} records of the folder, zipped. */
    static byte[] zip(Path folder, int count) {
        return zip(records(folder).subList(0, count));
    }

    static byte[] zip(List<Path> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path r : records) {
                zip.putNextEntry(new ZipEntry(r.getFileName().toString()));
                zip.write(Files.readAllBytes(r));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip with one extra entry of the given name and content. */
    static byte[] zipWith(Path folder, int count, String name, String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path r : records(folder).subList(0, count)) {
                zip.putNextEntry(new ZipEntry(r.getFileName().toString()));
                zip.write(Files.readAllBytes(r));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
