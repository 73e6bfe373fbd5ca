package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fenced block marked {@code ```sh example} in README.md and docs/*.md runs, so the docs cannot drift from the
 * command line. The blocks of one file run in order in one fresh folder (an example may use what an earlier one
 * wrote), with {@code test-fixtures} linked in for the demo data and {@code release-gates} / {@code ./release-gates}
 * running this build's CLI. A command may exit 0 or 1 (examples show findings); 2 and above (bad input, a usage error,
 * a missing file) fails the test with the command.
 */
class DocsExamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("releasegates.fixtureSources")).toAbsolutePath()
            .normalize().getParent();
    private static final Pattern FENCE = Pattern.compile("(?m)^( *)```sh example[ \\t]*\\n(.*?)^ *```[ \\t]*$",
            Pattern.DOTALL);

    @TempDir
    Path tmp;

    static Stream<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs.stream().filter(d -> !examples(d).isEmpty());
    }

    static List<String> examples(Path doc) {
        try {
            List<String> out = new ArrayList<>();
            Matcher m = FENCE.matcher(Files.readString(doc));
            while (m.find()) {
                String indent = m.group(1);
                out.add(m.group(2).lines().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                        .reduce("", (a, b) -> a + b + "\n"));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldFindTheMarkedExamples() throws IOException {
        try (Stream<Path> docs = documents()) {
            assertThat(docs.map(d -> d.getFileName().toString()))
                    .contains("check.md", "cli.md", "integrity.md");
        }
        assertThat(examples(ROOT.resolve("docs/integrity.md"))).hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(e -> assertThat(e).contains("--key keys/integrity.pem.pub"));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void shouldRunEveryExampleOfTheDocumentAsWritten(Path doc) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String launcher = "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' io.releasegates.cli.ReleaseGatesCommand \"$@\"\n";
        for (Path script : List.of(bin.resolve("release-gates"), tmp.resolve("release-gates"))) {
            Files.writeString(script, launcher);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createSymbolicLink(tmp.resolve("test-fixtures"), ROOT.resolve("test-fixtures"));
        String script = "set -o pipefail\n"
                + "trap 'rc=$?; if [ $rc -gt 1 ]; then echo \"EXAMPLE FAILED (exit $rc): $BASH_COMMAND\" >&2; exit $rc; fi' ERR\n"
                + String.join("", examples(doc));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(tmp.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Path log = tmp.resolve("examples.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(doc + ": examples did not finish in 10 minutes");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s examples, output:%n%s", doc.getFileName(), out).isLessThanOrEqualTo(1);
        assertThat(out).as("%s examples, output", doc.getFileName()).doesNotContain("EXAMPLE FAILED")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
