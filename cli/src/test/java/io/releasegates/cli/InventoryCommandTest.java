package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release-gates inventory} end to end on the sample releases: output files, exit codes, messages. */
class InventoryCommandTest {
    private static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    private static final Path SOURCES = Path.of(System.getProperty("releasegates.fixtureSources"));

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object... args) {
        List<String> strings = new ArrayList<>();
        for (Object a : args) {
            strings.add(String.valueOf(a));
        }
        return ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(strings.toArray(String[]::new));
    }

    @Test
    void shouldWriteAnSbomListingEveryJarOfTheSampleWar() throws IOException {
        Path bom = tmp.resolve("bom.json");
        Path evidence = tmp.resolve("evidence");

        int code = run("inventory", FIXTURES.resolve("sample-vulnerable.war"), "-o", bom, "--evidence-dir", evidence);

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = Json.mapper().readTree(bom.toFile());
        Set<String> purls = new TreeSet<>();
        json.path("components").forEach(c -> {
            purls.add(c.path("purl").asText());
            c.path("components").forEach(n -> purls.add(n.path("purl").asText()));
        });
        Set<String> expected = Files.readAllLines(FIXTURES.resolve("expected-vulnerable.txt")).stream()
                .filter(l -> !l.isBlank()).map(l -> l.split(" ")[0]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(purls).isEqualTo(expected);
        assertThat(out.toString()).contains("inventory of sample-vulnerable.war: 15 components (1 of them nested, 0 without purl)");
        JsonNode gate = Json.mapper().readTree(evidence.resolve("inventory.json").toFile());
        assertThat(gate.path("gate").asText()).isEqualTo("inventory");
        assertThat(gate.toString()).contains("\"role\":\"package\"");
    }

    @Test
    void shouldWriteXmlAndReportDifferencesWithADeclaredSbom() throws IOException {
        Path declared = tmp.resolve("declared.xml");
        assertThat(run("inventory", FIXTURES.resolve("sample-vulnerable-boot.jar"), "-o", declared, "--quiet")).isZero();
        assertThat(Files.readString(declared)).startsWith("<?xml").contains("BOOT-INF/lib/log4j-core-2.14.1.jar");
        out.getBuffer().setLength(0);

        int code = run("inventory", FIXTURES.resolve("sample-fixed-boot.jar"), "-o", tmp.resolve("fixed.json"),
                "--compare", declared);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("RG-INV-SBOM-VERSION BOOT-INF/lib/log4j-core-2.17.1.jar")
                .contains("the package has 2.17.1, declared.xml declares 2.14.1");
    }

    @Test
    void shouldPrintTheSbomToStandardOutputWithoutMinusO() throws IOException {
        int code = run("inventory", FIXTURES.resolve("fixed-lib/log4j-api-2.17.1.jar"), "--format", "json");

        assertThat(code).isZero();
        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.path("components").get(0).path("purl").asText())
                .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-api@2.17.1");
        assertThat(err.toString()).contains("inventory of log4j-api-2.17.1.jar: 1 components");
    }

    @Test
    void shouldInventoryAHostRootFromItsDpkgStatus() throws IOException {
        Path bom = tmp.resolve("host.json");

        int code = run("inventory", "--host", "--root", SOURCES.resolve("src/host-debian"), "-o", bom);

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = Json.mapper().readTree(bom.toFile());
        assertThat(json.at("/metadata/component/name").asText()).isEqualTo("build-agent-07");
        assertThat(json.path("components").size()).isGreaterThan(500);
        assertThat(json.path("components").get(0).path("purl").asText()).startsWith("pkg:deb/debian/");
    }

    @Test
    void shouldExitTwoWithAOneLineErrorOnACorruptPackage() throws IOException {
        byte[] war = Files.readAllBytes(FIXTURES.resolve("sample-fixed.war"));
        Path truncated = Files.write(tmp.resolve("cut.war"), java.util.Arrays.copyOf(war, 5000));

        int code = run("inventory", truncated, "-o", tmp.resolve("bom.json"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("release-gates: " + truncated + ": corrupt or truncated ZIP archive")
                .hasLineCount(1);
        assertThat(tmp.resolve("bom.json")).doesNotExist();
    }

    @Test
    void shouldExitOneOnAZipSlipPackageAndStillWriteTheSbom() throws IOException {
        Path zip = tmp.resolve("slip.zip");
        try (var zos = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            zos.putNextEntry(new java.util.zip.ZipEntry("../../etc/cron.d/evil"));
            zos.write("* * * * * root sh".getBytes());
            zos.closeEntry();
        }

        int code = run("inventory", zip, "-o", tmp.resolve("bom.json"));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("high     RG-INV-UNSAFE-PATH ../../etc/cron.d/evil");
        assertThat(tmp.resolve("bom.json")).exists();
    }

    @Test
    void shouldRefuseBadUsage() {
        assertThat(run("inventory")).isEqualTo(2);
        assertThat(err.toString()).contains("needs either PATH or --host");
        assertThat(run("inventory", FIXTURES.resolve("sample-fixed.war"), "--maven-repo", tmp.resolve("nope"))).isEqualTo(2);
        assertThat(err.toString()).contains("nope: no such Maven repository directory");
        assertThat(run("inventory", "--help")).isZero();
        assertThat(out.toString()).contains("--compare=SBOM", "--maven-repo=DIR", "--host");
    }
}
