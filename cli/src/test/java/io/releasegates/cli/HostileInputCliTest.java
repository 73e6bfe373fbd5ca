package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI in its own JVM, fed what used to crash or hang it: one line on stderr, exit 2, no trace, no wait. */
class HostileInputCliTest {
    @TempDir
    Path dir;

    record Result(int code, String stderr) {
    }

    private Result cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReleaseGatesCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().remove("RELEASE_GATES_DEBUG");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not finish within 120 s: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAnSbomNestedTenThousandDeepWithOneLineAndExitTwo() throws Exception {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\"><components>");
        xml.append("<component type=\"library\"><name>c</name><version>1</version><components>".repeat(10_000));
        xml.append("</components></component>".repeat(10_000)).append("</components></bom>");
        Path sbom = Files.writeString(dir.resolve("deep.cdx.xml"), xml);

        Result r = cli("fleet", "ingest", sbom.toString(), "--host", "h", "--store", dir.resolve("fleet").toString());

        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.stderr().lines().toList()).as(r.stderr()).singleElement().asString()
                .contains("deep.cdx.xml: nested deeper than 100 levels: refused");
    }

    @Test
    void shouldNameAFifoGivenAsInputInsteadOfWaitingOnIt() throws Exception {
        Path fifo = dir.resolve("policy.yml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Result r = cli("fleet", "ingest", fifo.toString(), "--host", "h", "--store", dir.resolve("fleet").toString());

        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.stderr()).contains("a FIFO (named pipe)").doesNotContain("\tat ");
        assertThat(r.stderr().lines().count()).isEqualTo(1);
    }

    @Test
    void shouldDropStackTraceLinesButKeepMessages() {
        assertThat(StackTraceFilter.isTraceLine("\tat org.h2.engine.Database.open(Database.java:42)")).isTrue();
        assertThat(StackTraceFilter.isTraceLine("Caused by: java.io.IOException: boom")).isTrue();
        assertThat(StackTraceFilter.isTraceLine("\t... 12 more")).isTrue();
        assertThat(StackTraceFilter.isTraceLine("[Fatal Error] :1:1: Content is not allowed in prolog.")).isTrue();
        assertThat(StackTraceFilter.isTraceLine("release-gates: deep.xml: nested deeper than 100 levels: refused")).isFalse();
        assertThat(StackTraceFilter.isTraceLine("[main] WARN org.flywaydb.core - at most once")).isFalse();
    }
}
