package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile packages built by the tests themselves: each gives its finding or one-line error, never a hang. */
@Timeout(60)
class HostileArchivesTest {
    private static final int MIB = 1024 * 1024;
    private static final List<String> WRITES = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterAll
    static void shouldHaveWrittenNoFileWhileWalking() {
        assertThat(WRITES).as("files written while walking hostile packages").isEmpty();
    }

    private static byte[] zipEncoded(String encoding, Object... nameAndContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            out.setEncoding(encoding);
            out.setUseLanguageEncodingFlag(StandardCharsets.UTF_8.name().equals(encoding));
            for (int i = 0; i < nameAndContent.length; i += 2) {
                out.putArchiveEntry(new ZipArchiveEntry((String) nameAndContent[i]));
                Object content = nameAndContent[i + 1];
                if (content instanceof byte[] data) {
                    out.write(data);
                } else {
                    byte[] zeros = new byte[MIB];
                    for (int m = 0; m < (Integer) content; m++) {
                        out.write(zeros);
                    }
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(Object... nameAndContent) throws IOException {
        return zipEncoded(StandardCharsets.UTF_8.name(), nameAndContent);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    private static List<String> rules(WalkResult result) {
        return result.findings().stream().map(f -> f.ruleId() + " " + f.location()).toList();
    }

    private static WalkResult walkReadingAll(Path pkg, WalkLimits limits) {
        return NoWrites.during(() -> new PackageWalker(limits).walk(pkg,
                (entry, content) -> content.transferTo(OutputStream.nullOutputStream())), WRITES);
    }

    @Test
    void shouldNoticeFileWritesSoThatNoWritesMeansSomething() {
        List<String> writes = new java.util.ArrayList<>();
        NoWrites.during(() -> {
            try {
                return Files.write(dir.resolve("written.txt"), text("x"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, writes);

        assertThat(writes).singleElement().asString().endsWith("written.txt");
    }

    @Test
    void shouldReportADeclaredZipBombWithoutInflatingIt() throws IOException {
        Path war = write("bomb.war", zip("index.html", text("<p>hi</p>"), "WEB-INF/zeros.bin", 40));

        WalkResult result = walkReadingAll(war, WalkLimits.defaults());

        assertThat(rules(result)).containsExactly("RG-INV-ARCHIVE-BOMB WEB-INF/zeros.bin");
        assertThat(result.inflated()).isLessThan(MIB);
        assertThat(result.entries()).isEqualTo(2);
    }

    @Test
    void shouldStopInflatingABombNestedInAJar() throws IOException {
        byte[] jar = zip("META-INF/MANIFEST.MF", text("Manifest-Version: 1.0\n"), "data/zeros.bin", 40,
                "after.txt", text("never reached"));
        Path war = write("nested-bomb.war", zip("WEB-INF/lib/bomb-1.0.jar", jar, "WEB-INF/web.xml", text("<web-app/>")));

        WalkResult result = walkReadingAll(war, WalkLimits.defaults().withRatio(50, MIB));

        assertThat(rules(result)).containsExactly("RG-INV-ARCHIVE-BOMB WEB-INF/lib/bomb-1.0.jar!/data/zeros.bin");
        assertThat(result.inflated()).isLessThan(4L * MIB);
        Finding bomb = result.findings().get(0);
        assertThat(bomb.message()).contains("compression ratio above 50:1");
        assertThat(bomb.subject()).isEqualTo("nested-bomb.war");
    }

    @Test
    void shouldStopTheWalkAtTheTotalSizeLimit() throws IOException {
        Path zip = write("big.zip", zip("a.txt", 3, "b.txt", 3, "c.txt", 3));

        WalkResult result = walkReadingAll(zip, WalkLimits.defaults().withMaxTotalBytes(5L * MIB));

        assertThat(result.complete()).isFalse();
        assertThat(result.errors()).singleElement().asString().startsWith("big.zip: ").contains("incomplete");
        assertThat(rules(result)).containsExactly("RG-INV-ARCHIVE-BOMB b.txt");
    }

    @Test
    void shouldFlagZipSlipAndAbsoluteNamesWithoutExtractingAnything() throws IOException {
        Path zip = write("slip.zip", zip("../../evil.sh", text("rm -rf /"), "/etc/cron.d/evil", text("* * * * *"),
                "ok/..hidden", text("fine"), "C:/Windows/evil.dll", text("MZ")));

        WalkResult result = walkReadingAll(zip, WalkLimits.defaults());

        assertThat(rules(result)).containsExactlyInAnyOrder("RG-INV-UNSAFE-PATH ../../evil.sh",
                "RG-INV-UNSAFE-PATH /etc/cron.d/evil", "RG-INV-UNSAFE-PATH C:/Windows/evil.dll");
        assertThat(result.entries()).isEqualTo(4);
        assertThat(dir.getParent().resolve("evil.sh")).doesNotExist();
    }

    @Test
    void shouldRejectATruncatedPackageWithAOneLineErrorNamingIt() throws IOException {
        byte[] war = Files.readAllBytes(Fixtures.file("sample-fixed.war"));
        Path truncated = write("truncated.war", Arrays.copyOf(war, war.length / 2));

        assertThatThrownBy(() -> walkReadingAll(truncated, WalkLimits.defaults()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(truncated + ": corrupt or truncated ZIP archive")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void shouldReportATruncatedNestedJarAndKeepGoing() throws IOException {
        byte[] jar = Files.readAllBytes(Fixtures.file("fixed-lib/log4j-api-2.17.1.jar"));
        Path war = write("broken.war", zip("WEB-INF/lib/broken-1.0.jar", Arrays.copyOf(jar, jar.length / 3),
                "WEB-INF/lib/garbage.jar", text("this is not a zip"), "WEB-INF/web.xml", text("<web-app/>")));

        PackageWalkerTest.Recorder recorder = new PackageWalkerTest.Recorder();
        WalkResult result = NoWrites.during(() -> new PackageWalker().walk(war, recorder), WRITES);

        assertThat(rules(result)).containsExactlyInAnyOrder("RG-INV-CORRUPT-ARCHIVE WEB-INF/lib/broken-1.0.jar",
                "RG-INV-CORRUPT-ARCHIVE WEB-INF/lib/garbage.jar");
        assertThat(recorder.entries).extracting(PackageEntry::path).contains("WEB-INF/web.xml");
        assertThat(recorder.archives.get("WEB-INF/lib/broken-1.0.jar").bytes()).isEqualTo(jar.length / 3);
    }

    @Test
    void shouldWalkTenThousandEntriesAndStopAtTheEntryLimit() throws IOException {
        Object[] entries = new Object[2 * 12_000];
        for (int i = 0; i < 12_000; i++) {
            entries[2 * i] = "data/f" + i + ".txt";
            entries[2 * i + 1] = text("x" + i);
        }
        Path zip = write("many.zip", zip(entries));

        WalkResult all = walkReadingAll(zip, WalkLimits.defaults());
        WalkResult limited = walkReadingAll(zip, WalkLimits.defaults().withMaxEntries(10_000));

        assertThat(all.entries()).isEqualTo(12_000);
        assertThat(all.findings()).isEmpty();
        assertThat(limited.complete()).isFalse();
        assertThat(rules(limited)).singleElement().asString().startsWith("RG-INV-TOO-MANY-ENTRIES data/f");
    }

    @Test
    void shouldJudgeSymlinkLoopsAndEscapesInADirectoryWithoutFollowingThem() throws IOException {
        Path app = Files.createDirectories(dir.resolve("app/WEB-INF/lib"));
        Files.copy(Fixtures.file("fixed-lib/slf4j-api-1.7.36.jar"), app.resolve("slf4j-api-1.7.36.jar"));
        Files.createSymbolicLink(app.resolve("loop"), app.getParent());
        Files.createSymbolicLink(app.resolve("self"), Path.of("."));
        Files.createSymbolicLink(app.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(app.resolve("up"), Path.of("../../.."));

        Inventory inv = NoWrites.during(() -> new PackageInventory(new PackageWalker(), null, s -> { })
                .inventory(dir.resolve("app")), WRITES);

        assertThat(inv.findings()).extracting(f -> f.ruleId() + " " + f.location()).containsExactlyInAnyOrder(
                "RG-INV-SYMLINK-LOOP WEB-INF/lib/loop", "RG-INV-SYMLINK-LOOP WEB-INF/lib/self",
                "RG-INV-SYMLINK-ESCAPE WEB-INF/lib/passwd", "RG-INV-SYMLINK-ESCAPE WEB-INF/lib/up");
        assertThat(inv.components()).extracting(Component::purl).containsExactly("pkg:maven/org.slf4j/slf4j-api@1.7.36");
        assertThat(inv.components().get(0).path()).isEqualTo("WEB-INF/lib/slf4j-api-1.7.36.jar");
    }

    @Test
    void shouldEscapeNamesThatAreNotUtf8() throws IOException {
        Path zip = write("latin1.zip", zipEncoded("ISO-8859-1", "caf\u00e9.txt", text("menu"), "plain.txt", text("ok")));

        PackageWalkerTest.Recorder recorder = new PackageWalkerTest.Recorder();
        WalkResult result = NoWrites.during(() -> new PackageWalker().walk(zip, recorder), WRITES);

        assertThat(rules(result)).containsExactly("RG-INV-NAME-ENCODING caf%E9.txt");
        assertThat(recorder.entries).extracting(PackageEntry::path).containsExactly("caf%E9.txt", "plain.txt");
    }

    @Test
    void shouldRefuseWhatIsNotAPackage() throws IOException {
        Path notes = write("notes.txt", text("just text"));

        assertThatThrownBy(() -> new PackageWalker().walk(notes, (e, c) -> { }))
                .isInstanceOf(BadInputException.class).hasMessage(notes + ": not a package (expected a WAR, EAR, "
                        + "JAR, ZIP, TAR, TAR.GZ or a directory)");
        assertThatThrownBy(() -> new PackageWalker().walk(dir.resolve("missing.war"), (e, c) -> { }))
                .isInstanceOf(BadInputException.class).hasMessageContaining("missing.war: no such file");
    }

    @Test
    void shouldHashButNotOpenArchivesBeyondTheDepthLimit() throws IOException {
        byte[] inner = zip("META-INF/maven/g/inner/pom.properties", text("groupId=g\nartifactId=inner\nversion=1\n"));
        byte[] middle = zip("lib/inner-1.jar", inner);
        Path war = write("deep.war", zip("WEB-INF/lib/middle-1.jar", middle));

        PackageWalkerTest.Recorder recorder = new PackageWalkerTest.Recorder();
        WalkResult result = NoWrites.during(
                () -> new PackageWalker(WalkLimits.defaults().withMaxDepth(1)).walk(war, recorder), WRITES);

        assertThat(rules(result)).containsExactly("RG-INV-DEPTH-LIMIT WEB-INF/lib/middle-1.jar!/lib/inner-1.jar");
        assertThat(recorder.archives.get("WEB-INF/lib/middle-1.jar!/lib/inner-1.jar").sha256()).hasSize(64);
        assertThat(recorder.texts).isEmpty();
    }

    @Test
    void shouldInventoryATarGzDistributionAndFlagLinksOutOfIt() throws IOException {
        Path tgz = dir.resolve("dist.tar.gz");
        byte[] jar = Files.readAllBytes(Fixtures.file("fixed-lib/commons-lang3-3.12.0.jar"));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
            TarArchiveEntry lib = new TarArchiveEntry("app/lib/commons-lang3-3.12.0.jar");
            lib.setSize(jar.length);
            tar.putArchiveEntry(lib);
            tar.write(jar);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("app/conf/shadow", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../../../etc/shadow");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }

        Inventory inv = NoWrites.during(() -> new PackageInventory(new PackageWalker(), null, s -> { }).inventory(tgz),
                WRITES);

        assertThat(inv.components()).extracting(Component::purl, Component::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pkg:maven/org.apache.commons/commons-lang3@3.12.0",
                        "app/lib/commons-lang3-3.12.0.jar"));
        assertThat(inv.findings()).extracting(f -> f.ruleId() + " " + f.location())
                .containsExactly("RG-INV-UNSAFE-PATH app/conf/shadow");
    }
}
