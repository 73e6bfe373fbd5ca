package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageWalkerTest {

    /** Records what a walk reports, for assertions. */
    static final class Recorder implements PackageVisitor {
        final List<PackageEntry> entries = new ArrayList<>();
        final Map<String, ArchiveDigests> archives = new LinkedHashMap<>();
        final Map<String, String> texts = new LinkedHashMap<>();
        final List<String> events = new ArrayList<>();

        @Override
        public boolean enterArchive(PackageEntry archive) {
            events.add("enter " + archive.path());
            return true;
        }

        @Override
        public void entry(PackageEntry entry, InputStream content) throws IOException {
            entries.add(entry);
            if (entry.name().endsWith(".properties")) {
                texts.put(entry.path(), new String(content.readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void leaveArchive(PackageEntry archive, ArchiveDigests digests) {
            events.add("leave " + archive.path());
            archives.put(archive.path(), digests);
        }
    }

    @Test
    void shouldWalkTheSampleWarIntoNestedJarsWithTheirHashes() throws IOException {
        Recorder recorder = new Recorder();
        WalkResult result = new PackageWalker().walk(Fixtures.file("sample-vulnerable.war"), recorder);

        assertThat(result.complete()).isTrue();
        assertThat(result.findings()).isEmpty();
        assertThat(recorder.texts).containsKey(
                "WEB-INF/lib/acme-text-utils-1.0.0.jar!/META-INF/maven/org.apache.commons/commons-text/pom.properties");
        assertThat(recorder.texts.get("WEB-INF/lib/log4j-core-2.14.1.jar!/META-INF/maven/org.apache.logging.log4j/"
                + "log4j-core/pom.properties")).contains("version=2.14.1");
        PackageEntry pom = recorder.entries.stream()
                .filter(e -> e.path().endsWith("log4j-core/pom.properties")).findFirst().orElseThrow();
        assertThat(pom.depth()).isEqualTo(1);
        assertThat(pom.container()).isEqualTo("WEB-INF/lib/log4j-core-2.14.1.jar");
        assertThat(pom.name()).isEqualTo("META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties");

        Path jar = Fixtures.file("vulnerable-lib/log4j-core-2.14.1.jar");
        ArchiveDigests digests = recorder.archives.get("WEB-INF/lib/log4j-core-2.14.1.jar");
        assertThat(digests.sha256()).isEqualTo(io.releasegates.files.Digests.sha256(jar));
        assertThat(digests.bytes()).isEqualTo(Files.size(jar));
        assertThat(recorder.archives.get("").sha256())
                .isEqualTo(io.releasegates.files.Digests.sha256(Fixtures.file("sample-vulnerable.war")));
        assertThat(recorder.events.get(0)).isEqualTo("enter ");
        assertThat(recorder.events.get(recorder.events.size() - 1)).isEqualTo("leave ");
    }

    @Test
    void shouldWalkAFullyExecutableJarBehindItsLaunchScript(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // zipkin-server-2.23.2-exec.jar's shape: a shell launch script, then the jar's bytes
        Path exec = dir.resolve("server-exec.jar");
        try (var out = Files.newOutputStream(exec)) {
            out.write("#!/bin/bash\n# launch script\nexec java -jar \"$0\" \"$@\"\n".getBytes(StandardCharsets.US_ASCII));
            Files.copy(Fixtures.file("sample-vulnerable-boot.jar"), out);
        }
        Recorder recorder = new Recorder();
        WalkResult result = new PackageWalker().walk(exec, recorder);

        assertThat(result.complete()).isTrue();
        assertThat(recorder.entries).anyMatch(e -> e.path().equals("BOOT-INF/lib/log4j-core-2.14.1.jar!/META-INF/maven/"
                + "org.apache.logging.log4j/log4j-core/pom.properties"));
    }

    @Test
    void shouldWalkBootInfLibOfASpringBootJar() {
        Recorder recorder = new Recorder();
        WalkResult result = new PackageWalker().walk(Fixtures.file("sample-fixed-boot.jar"), recorder);

        assertThat(result.complete()).isTrue();
        assertThat(recorder.archives).containsKeys("BOOT-INF/lib/log4j-core-2.17.1.jar",
                "BOOT-INF/lib/acme-text-utils-1.0.0.jar");
        assertThat(recorder.archives.get("BOOT-INF/lib/h2-2.2.224.jar").sha1()).hasSize(40);
    }

    @Test
    void shouldInflateOnlyTheEntriesAVisitorReadsAlsoInsideNestedJars() throws IOException {
        Path war = Fixtures.file("sample-vulnerable.war");
        Recorder recorder = new Recorder();
        WalkResult result = new PackageWalker().walk(war, recorder);

        // every class file of every jar is still visited, but only the jars themselves (14 MB) and the .properties
        // files the recorder reads are inflated, not the 30 MB the jars' entries inflate to
        long classes = recorder.entries.stream().filter(e -> e.name().endsWith(".class")).count();
        assertThat(classes).isGreaterThan(5_000);
        assertThat(result.inflated()).isLessThan(Files.size(war) * 3 / 2);
        assertThat(recorder.archives.get("WEB-INF/lib/guava-31.1-jre.jar").sha1())
                .isEqualTo(sha1(Fixtures.file("vulnerable-lib/guava-31.1-jre.jar")));
    }

    private static String sha1(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
