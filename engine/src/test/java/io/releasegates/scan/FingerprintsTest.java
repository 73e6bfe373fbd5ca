package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.files.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret fingerprints are keyed per installation; the key is created once, readable by its owner only. */
class FingerprintsTest {
    @TempDir
    Path tmp;

    @Test
    void shouldKeyFingerprintsSoThatAShortPasswordCannotBeLookedUp() {
        Fingerprints one = new Fingerprints("installation-one-0123456789".getBytes(StandardCharsets.UTF_8));
        Fingerprints two = new Fingerprints("installation-two-0123456789".getBytes(StandardCharsets.UTF_8));

        assertThat(one.of("demo")).matches("[0-9a-f]{16}").isEqualTo(one.of("demo")).isNotEqualTo(two.of("demo"));
        assertThat(Digests.sha256("demo".getBytes(StandardCharsets.UTF_8))).doesNotStartWith(one.of("demo").substring(0, 12));
    }

    @Test
    void shouldCreateTheKeyOnFirstUseWithOwnerOnlyPermissions() throws Exception {
        Path file = tmp.resolve("config/release-gates/fingerprint.key");

        byte[] key = Fingerprints.readOrCreate(file);

        assertThat(key).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Fingerprints.readOrCreate(file)).isEqualTo(key);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("fingerprint.key");
        }
    }

    @Test
    void shouldAgreeOnOneKeyWhenManyProcessesCreateItAtOnce() {
        Path file = tmp.resolve("race/fingerprint.key");
        List<CompletableFuture<byte[]>> racers = IntStream.range(0, 16)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> Fingerprints.readOrCreate(file))).toList();

        List<String> keys = racers.stream().map(CompletableFuture::join).map(k -> new String(k, StandardCharsets.ISO_8859_1)).distinct().toList();

        assertThat(keys).hasSize(1);
    }
}
