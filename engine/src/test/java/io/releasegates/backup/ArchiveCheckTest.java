package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives are untrusted: complete ones pass, damaged, empty and bomb-like ones are reported, nothing is extracted. */
class ArchiveCheckTest {
    @TempDir
    Path tmp;

    private Path zip(String name, int entries, byte[] content) throws IOException {
        Path file = tmp.resolve(name);
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (int i = 0; i < entries; i++) {
                zip.putArchiveEntry(new ZipArchiveEntry("e" + i + ".bin"));
                zip.write(content);
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    private Path tarGz(String name) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (int i = 0; i < 4; i++) {
                byte[] content = new byte[40_000];
                new java.util.Random(i).nextBytes(content);
                TarArchiveEntry e = new TarArchiveEntry("dir/file" + i);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void shouldPassCompleteArchives() throws IOException {
        assertThat(ArchiveCheck.check(tarGz("ok.tar.gz"), null)).isEmpty();
        assertThat(ArchiveCheck.check(zip("ok.zip", 3, "hello".repeat(100).getBytes()), null)).isEmpty();
    }

    @Test
    void shouldReportATruncatedTarGz() throws IOException {
        Path file = tarGz("cut.tgz");
        BackupFixture.truncate(file, Files.size(file) - 5000);

        Optional<String> problem = ArchiveCheck.check(file, null);

        assertThat(problem).get().asString().containsAnyOf("cannot be read", "ends after");
    }

    @Test
    void shouldReportAZipEntryFailingItsCrc() throws IOException {
        byte[] random = new byte[2000];
        new java.util.Random(3).nextBytes(random);
        Path file = zip("crc.zip", 1, random);
        byte[] data = Files.readAllBytes(file);
        // random bytes deflate into stored blocks: this flips one byte of the entry's data, not of a header
        data[1000] ^= 0x10;
        Files.write(file, data);

        assertThat(ArchiveCheck.check(file, null)).get().asString().contains("fails its CRC-32 check");
    }

    @Test
    void shouldStopAZipBombAtTheBudget() throws IOException {
        Path file = zip("bomb.zip", 4, new byte[4 << 20]);

        assertThat(ArchiveCheck.check(file, null, 1 << 20)).get().asString().contains("zip bomb?");
    }

    @Test
    void shouldReportAnEmptyOrFakeArchive() throws IOException {
        Path empty = zip("empty.zip", 0, new byte[0]);
        Path fake = Files.writeString(tmp.resolve("fake.zip"), "this is not a zip file at all");

        assertThat(ArchiveCheck.check(empty, null)).get().asString().contains("no entries");
        assertThat(ArchiveCheck.check(fake, null)).get().asString().contains("cannot be read as an archive");
    }

    @Test
    void shouldIgnoreDumpsThatAreNotCustomFormat() throws IOException {
        Path plain = Files.writeString(tmp.resolve("plain.dump"), "-- PostgreSQL plain-text dump\n");

        assertThat(ArchiveCheck.check(plain, "/usr/bin/pg_restore")).isEmpty();
    }
}
