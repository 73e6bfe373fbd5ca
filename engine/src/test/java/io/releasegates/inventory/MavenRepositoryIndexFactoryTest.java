package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MavenRepositoryIndex#forRepository}, the one way the CLI, the plugin's facades, {@code check} and the scan pick
 * the index (ArchitectureTest holds that nothing else constructs one): the SHA-1 cache is on wherever a local
 * repository is used.
 */
class MavenRepositoryIndexFactoryTest {
    @TempDir
    Path dir;

    private Path repositoryWithSpringBeans() throws IOException {
        Path repo = dir.resolve("repo");
        Path artifact = Files.createDirectories(repo.resolve("org/springframework/spring-beans/5.3.17"));
        Files.copy(Fixtures.file("vulnerable-lib/spring-beans-5.3.17.jar"), artifact.resolve("spring-beans-5.3.17.jar"));
        return repo;
    }

    private static List<Path> files(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.toList();
        }
    }

    @Test
    void shouldCacheTheSha1sOfANamedRepository() throws IOException {
        Path repo = repositoryWithSpringBeans();
        Path cache = dir.resolve("cache");
        String sha1 = DigestingStream.of(Fixtures.file("vulnerable-lib/spring-beans-5.3.17.jar")).sha1();

        MavenRepositoryIndex index = MavenRepositoryIndex.forRepository(repo, dir.resolve("no-default"), cache).orElseThrow();

        assertThat(index.repository()).isEqualTo(repo.toAbsolutePath().normalize());
        assertThat(index.find("spring-beans-5.3.17.jar", sha1)).hasValueSatisfying(
                c -> assertThat(c.purl()).isEqualTo("pkg:maven/org.springframework/spring-beans@5.3.17"));
        assertThat(files(cache)).singleElement().satisfies(f -> assertThat(Files.readString(f))
                .contains(sha1 + "\t").contains("spring-beans-5.3.17.jar"));
    }

    @Test
    void shouldUseTheDefaultRepositoryWithTheCacheWhenNoneIsNamed() throws IOException {
        Path repo = repositoryWithSpringBeans();
        Path cache = dir.resolve("cache");
        String sha1 = DigestingStream.of(Fixtures.file("vulnerable-lib/spring-beans-5.3.17.jar")).sha1();

        MavenRepositoryIndex index = MavenRepositoryIndex.forRepository(null, repo, cache).orElseThrow();

        assertThat(index.repository()).isEqualTo(repo.toAbsolutePath().normalize());
        assertThat(index.find("renamed.jar", sha1)).isPresent();
        assertThat(files(cache)).hasSize(1);
    }

    @Test
    void shouldUseNoIndexWhenNoneIsNamedAndThereIsNoDefaultRepository() {
        assertThat(MavenRepositoryIndex.forRepository(null, dir.resolve("no-default"), dir.resolve("cache"))).isEmpty();
    }

    @Test
    void shouldRefuseANamedRepositoryThatIsNotADirectory() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> MavenRepositoryIndex.forRepository(missing, dir, dir.resolve("cache")))
                .isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": no such Maven repository directory");
    }

    @Test
    void shouldCacheInTheDefaultCacheDirectoryForEveryCaller() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("empty-repo"));

        MavenRepositoryIndex index = MavenRepositoryIndex.forRepository(repo).orElseThrow();

        assertThat(index.cacheFile()).hasValueSatisfying(
                f -> assertThat(f.getParent()).isEqualTo(MavenRepositoryIndex.defaultCacheDir()));
    }

    @Test
    void shouldWriteNoCacheFileForARepositoryWithoutJars() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("empty-repo"));
        Path cache = dir.resolve("cache");

        MavenRepositoryIndex index = MavenRepositoryIndex.forRepository(repo, dir, cache).orElseThrow();

        assertThat(index.find("x.jar", "0000000000000000000000000000000000000000")).isEmpty();
        assertThat(files(cache)).isEmpty();
    }
}
