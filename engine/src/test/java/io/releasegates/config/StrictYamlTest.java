package io.releasegates.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.backup.BackupVerifier;
import io.releasegates.backup.BackupsRequest;
import io.releasegates.check.CheckConfigReader;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.gate.PolicyReader;
import io.releasegates.probe.ProbeConfigReader;
import io.releasegates.report.BadInputException;
import io.releasegates.waiver.WaiverFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every config kind reports a bad file in the one format {@code FILE:LINE: KEY: problem}. The fixtures
 * ({@code config/errors/<kind>/*.yml}) carry their expected message on their first line, {@code # expect: …} with
 * {@code FILE} for the path; the message must start with it and be one line.
 */
class StrictYamlTest {
    private static final Map<String, Consumer<Path>> READERS = Map.of(
            "policy", PolicyReader::read,
            "probe", ProbeConfigReader::read,
            "check", CheckConfigReader::read,
            "backups", f -> BackupVerifier.verify(new BackupsRequest(f, null, null, Map.of())),
            "cadence", CadencePolicy::load,
            "waivers", WaiverFile::read);

    @TestFactory
    Stream<DynamicTest> shouldNameFileLineAndKeyForEveryConfigKind() throws IOException, URISyntaxException {
        Path root = Path.of(StrictYamlTest.class.getResource("errors").toURI());
        List<Path> fixtures;
        try (Stream<Path> files = Files.walk(root)) {
            fixtures = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(fixtures.stream().map(f -> f.getParent().getFileName().toString()).distinct())
                .containsExactlyInAnyOrderElementsOf(READERS.keySet());
        return fixtures.stream().map(fixture -> {
            String kind = fixture.getParent().getFileName().toString();
            return DynamicTest.dynamicTest(kind + "/" + fixture.getFileName(), () -> {
                String first = Files.readAllLines(fixture, StandardCharsets.UTF_8).get(0);
                assertThat(first).startsWith("# expect: FILE");
                String expected = first.substring("# expect: ".length()).replace("FILE", fixture.toString());
                assertThatThrownBy(() -> READERS.get(kind).accept(fixture))
                        .isInstanceOf(BadInputException.class)
                        .hasMessageStartingWith(expected)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            });
        });
    }

    @Test
    void shouldPointAMissingKeyAtItsEnclosingEntry() {
        StrictYaml yaml = StrictYaml.parse("w.yml", "a: 1\nlist:\n  - x: 1\n  - y: 2\n    z: 3\n".getBytes(StandardCharsets.UTF_8),
                "test config");
        assertThat(yaml.error("list[1].z", "p")).hasMessage("w.yml:5: list[1].z: p");
        assertThat(yaml.error("list[1].missing", "p")).hasMessage("w.yml:4: list[1].missing: p");
        assertThat(yaml.error("absent", "p")).hasMessage("w.yml: absent: p");
        assertThat(yaml.error("", "p")).hasMessage("w.yml: p");
    }

    @Test
    void shouldNameAMissingFileByItsKind() {
        assertThatThrownBy(() -> StrictYaml.read(Path.of("no/such/cadence.yml"), "cadence policy"))
                .isInstanceOf(BadInputException.class).hasMessage("no/such/cadence.yml: cadence policy not found");
    }
}
