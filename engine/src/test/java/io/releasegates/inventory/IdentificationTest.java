package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of evidence on its own, with jars the tests build, and the Maven repository index with its cache. */
class IdentificationTest {
    @TempDir
    Path dir;

    private static byte[] jar(Object... nameAndContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < nameAndContent.length; i += 2) {
                out.putNextEntry(new ZipEntry((String) nameAndContent[i]));
                Object content = nameAndContent[i + 1];
                out.write(content instanceof byte[] b ? b : ((String) content).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Inventory inventory(Path pkg, MavenRepositoryIndex index) {
        return new PackageInventory(new PackageWalker(), index, s -> { }).inventory(pkg);
    }

    @Test
    void shouldUsePomXmlWhenThereIsNoPomPropertiesButNeverAnUnresolvedProperty() throws IOException {
        byte[] withPom = jar("META-INF/maven/org.example/lib/pom.xml", """
                <?xml version="1.0"?>
                <project><parent><groupId>org.example</groupId><version>2.1</version></parent>
                <artifactId>lib</artifactId></project>""", "org/example/lib/A.class", "x");
        byte[] unresolved = jar("META-INF/maven/org.example/other/pom.xml",
                "<project><groupId>org.example</groupId><artifactId>other</artifactId><version>${revision}</version></project>",
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Title: other\nImplementation-Version: 3.0\n");
        Path war = Files.write(dir.resolve("app.war"), jar("WEB-INF/lib/lib-2.1.jar", withPom,
                "WEB-INF/lib/other-3.0.jar", unresolved, "WEB-INF/lib/plain-tool-1.4.2.jar", jar("x/Y.class", "y")));

        Inventory inv = inventory(war, null);

        assertThat(inv.components()).extracting(Component::name, Component::purl, Component::evidence).containsExactly(
                org.assertj.core.groups.Tuple.tuple("lib", "pkg:maven/org.example/lib@2.1", Evidence.POM_XML),
                org.assertj.core.groups.Tuple.tuple("other", "", Evidence.MANIFEST),
                org.assertj.core.groups.Tuple.tuple("plain-tool", "", Evidence.FILE_NAME));
        assertThat(inv.components().get(1).version()).isEqualTo("3.0");
        assertThat(inv.components().get(2).version()).isEqualTo("1.4.2");
        assertThat(inv.components().get(0).properties()).containsEntry("packages", "org.example.lib");
    }

    @Test
    void shouldNameAnApiJarFromItsSpecificationAndKeepTheVendorFactsAsEvidence() throws IOException {
        byte[] api = jar("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nSpecification-Title: Jakarta Servlet\n"
                + "Specification-Version: 5.0\nSpecification-Vendor: Eclipse Foundation\n"
                + "Implementation-Vendor-Id: jakarta.servlet\n", "jakarta/servlet/Servlet.class", "x");
        Path war = Files.write(dir.resolve("app.war"), jar("WEB-INF/lib/servlet.jar", api));

        Component c = inventory(war, null).components().get(0);

        assertThat(c.evidence()).isEqualTo(Evidence.MANIFEST);
        assertThat(c.confidence()).isEqualTo(Evidence.Confidence.MEDIUM);
        assertThat(c.purl()).isEmpty();
        assertThat(c.name()).isEqualTo("Jakarta Servlet");
        assertThat(c.version()).isEqualTo("5.0");
        assertThat(c.properties()).containsEntry("manifest.specificationVendor", "Eclipse Foundation")
                .containsEntry("manifest.implementationVendorId", "jakarta.servlet");
    }

    @Test
    void shouldListJarsInsideJarsAsNestedComponents() throws IOException {
        byte[] inner = Files.readAllBytes(Fixtures.file("fixed-lib/slf4j-api-1.7.36.jar"));
        byte[] outer = jar("META-INF/maven/com.acme/launcher/pom.properties",
                "groupId=com.acme\nartifactId=launcher\nversion=1.0\n", "lib/slf4j-api-1.7.36.jar", inner);
        Path war = Files.write(dir.resolve("app.war"), jar("WEB-INF/lib/launcher-1.0.jar", outer));

        Inventory inv = inventory(war, null);

        assertThat(inv.components()).singleElement().satisfies(c -> {
            assertThat(c.purl()).isEqualTo("pkg:maven/com.acme/launcher@1.0");
            assertThat(c.nested()).extracting(Component::purl, Component::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("pkg:maven/org.slf4j/slf4j-api@1.7.36",
                            "WEB-INF/lib/launcher-1.0.jar!/lib/slf4j-api-1.7.36.jar"));
            assertThat(c.nested().get(0).sha256())
                    .isEqualTo(io.releasegates.files.Digests.sha256(inner));
        });
    }

    @Test
    void shouldFindARenamedJarBySha1InTheWholeRepositoryAndCacheTheIndex() throws IOException {
        Path repo = dir.resolve("repo");
        Path artifact = Files.createDirectories(repo.resolve("org/springframework/spring-core/5.3.17"));
        Files.copy(Fixtures.file("vulnerable-lib/spring-core-5.3.17.jar"), artifact.resolve("spring-core-5.3.17.jar"));
        Path classified = Files.createDirectories(repo.resolve("com/h2database/h2/2.0.202"));
        Files.copy(Fixtures.file("vulnerable-lib/h2-2.0.202.jar"), classified.resolve("h2-2.0.202-tests.jar"));
        Path cache = dir.resolve("cache");
        Path war = Files.write(dir.resolve("app.war"), jar(
                "WEB-INF/lib/core.jar", Files.readAllBytes(Fixtures.file("vulnerable-lib/spring-core-5.3.17.jar")),
                "WEB-INF/lib/db.jar", Files.readAllBytes(Fixtures.file("vulnerable-lib/h2-2.0.202.jar"))));

        Inventory inv = inventory(war, new MavenRepositoryIndex(repo, cache));

        assertThat(inv.components()).extracting(Component::purl).containsExactly(
                "pkg:maven/org.springframework/spring-core@5.3.17",
                "pkg:maven/com.h2database/h2@2.0.202?classifier=tests");
        assertThat(inv.components()).allSatisfy(c -> assertThat(c.evidence()).isEqualTo(Evidence.MAVEN_REPOSITORY_SHA1));
        List<Path> cached;
        try (var files = Files.list(cache)) {
            cached = files.toList();
        }
        assertThat(cached).singleElement().satisfies(f -> assertThat(Files.readString(f))
                .contains(DigestingStream.of(Fixtures.file("vulnerable-lib/spring-core-5.3.17.jar")).sha1())
                .contains("org/springframework/spring-core/5.3.17/spring-core-5.3.17.jar"));

        // a second index trusts the cached SHA-1 for unchanged jars: a planted cache line proves it was read
        String planted = "0000000000000000000000000000000000000000";
        List<String> lines = Files.readAllLines(cached.get(0)).stream()
                .map(l -> l.endsWith("spring-core-5.3.17.jar") ? planted + l.substring(40) : l).toList();
        Files.write(cached.get(0), lines);
        assertThat(new MavenRepositoryIndex(repo, cache).find("other-name.jar", planted)).hasValueSatisfying(
                c -> assertThat(c.purl()).isEqualTo("pkg:maven/org.springframework/spring-core@5.3.17"));
    }

    @Test
    void shouldRememberJarsFoundByNameAndTrustTheCacheOnlyWhileTheJarIsUnchanged() throws IOException {
        Path repo = dir.resolve("repo");
        Path artifact = Files.createDirectories(repo.resolve("org/springframework/spring-beans/5.3.17"));
        Path jar = Files.copy(Fixtures.file("vulnerable-lib/spring-beans-5.3.17.jar"), artifact.resolve("spring-beans-5.3.17.jar"));
        String sha1 = DigestingStream.of(jar).sha1();
        Path cache = dir.resolve("cache");

        assertThat(new MavenRepositoryIndex(repo, cache).find("spring-beans-5.3.17.jar", sha1)).isPresent();
        Path cacheFile;
        try (var files = Files.list(cache)) {
            cacheFile = files.findFirst().orElseThrow();
        }
        assertThat(Files.readString(cacheFile)).contains(sha1 + "\t").contains("spring-beans-5.3.17.jar");

        // found again (through the cache) while the jar is unchanged
        assertThat(new MavenRepositoryIndex(repo, cache).find("spring-beans-5.3.17.jar", sha1)).hasValueSatisfying(
                c -> assertThat(c.purl()).isEqualTo("pkg:maven/org.springframework/spring-beans@5.3.17"));

        // the same file replaced by other bytes (another size): the cached SHA-1 no longer counts
        Files.write(jar, jar("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"));
        assertThat(new MavenRepositoryIndex(repo, cache).find("spring-beans-5.3.17.jar", sha1)).isEmpty();
        // and a deleted jar is not found from the cache either
        Files.delete(jar);
        assertThat(new MavenRepositoryIndex(repo, cache).find("spring-beans-5.3.17.jar", sha1)).isEmpty();
    }

    @Test
    void shouldPreferTheSha1FileNextToAJar() throws IOException {
        Path repo = dir.resolve("repo");
        Path artifact = Files.createDirectories(repo.resolve("org/example/thing/1.0"));
        Files.writeString(artifact.resolve("thing-1.0.jar"), "not really a jar");
        Files.writeString(artifact.resolve("thing-1.0.jar.sha1"), "AABBCCDDEEFF00112233445566778899AABBCCDD  thing-1.0.jar\n");

        MavenRepositoryIndex index = new MavenRepositoryIndex(repo, null);

        assertThat(index.find("thing-1.0.jar", "aabbccddeeff00112233445566778899aabbccdd")).hasValueSatisfying(
                c -> assertThat(c).isEqualTo(new MavenCoordinates("org.example", "thing", "1.0", "")));
        assertThat(index.find("thing-1.0.jar", "1111111111111111111111111111111111111111")).isEmpty();
    }
}
