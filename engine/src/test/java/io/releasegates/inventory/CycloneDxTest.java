package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycloneDxTest {
    private static final PackageInventory INVENTORY = new PackageInventory(new PackageWalker(),
            new MavenRepositoryIndex(MavenRepositoryIndex.defaultRepository(), null), s -> { });
    private static final Inventory VULNERABLE = INVENTORY.inventory(Fixtures.file("sample-vulnerable.war"));

    @TempDir
    Path dir;

    @Test
    void shouldWriteJsonThatValidatesAgainstTheCycloneDx16Schema() throws IOException {
        Path bom = dir.resolve("bom.json");
        CycloneDx.write(VULNERABLE, CycloneDx.Format.JSON, bom);

        assertThat(new JsonParser().validate(bom.toFile(), Version.VERSION_16)).isEmpty();
        JsonNode json = new ObjectMapper().readTree(bom.toFile());
        assertThat(json.path("specVersion").asText()).isEqualTo("1.6");
        JsonNode log4j = find(json.path("components"), "log4j-core");
        assertThat(log4j.path("purl").asText()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(log4j.path("hashes")).extracting(h -> h.path("alg").asText()).containsExactly("SHA-1", "SHA-256");
        assertThat(log4j.path("properties").toString()).contains("releasegates:path",
                "WEB-INF/lib/log4j-core-2.14.1.jar");
        JsonNode shaded = find(json.path("components"), "acme-text-utils");
        assertThat(shaded.path("components").get(0).path("purl").asText())
                .isEqualTo("pkg:maven/org.apache.commons/commons-text@1.9");
        JsonNode spring = find(json.path("components"), "spring-core");
        assertThat(spring.path("evidence").path("identity").get(0).path("methods").get(0).path("technique").asText())
                .isEqualTo("hash-comparison");
        assertThat(json.path("metadata").path("component").path("hashes").get(0).path("content").asText())
                .isEqualTo(VULNERABLE.subjectSha256());
    }

    @Test
    void shouldWriteXmlThatValidatesAgainstTheCycloneDx16Schema() throws IOException {
        Path bom = dir.resolve("bom.xml");
        CycloneDx.write(VULNERABLE, CycloneDx.Format.XML, bom);

        assertThat(new XmlParser().validate(bom.toFile(), Version.VERSION_16)).isEmpty();
        assertThat(Files.readString(bom)).contains("http://cyclonedx.org/schema/bom/1.6",
                "pkg:maven/org.postgresql/postgresql@42.3.2");
    }

    @Test
    void shouldFindNoDifferenceBetweenAPackageAndItsOwnSbom() throws IOException {
        Path bom = dir.resolve("bom.xml");
        CycloneDx.write(VULNERABLE, CycloneDx.Format.XML, bom);

        assertThat(SbomComparison.compare(VULNERABLE, bom)).isEmpty();
        assertThat(SbomComparison.read(bom)).filteredOn(d -> !d.subject()).hasSize(15);
    }

    @Test
    void shouldReportVersionMismatchesMissingAndUndeclaredComponents() throws IOException {
        Path bom = dir.resolve("declared.json");
        CycloneDx.write(VULNERABLE, CycloneDx.Format.JSON, bom);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(bom.toFile());
        ArrayNode components = (ArrayNode) json.path("components");
        for (int i = components.size() - 1; i >= 0; i--) {
            if (components.get(i).path("name").asText().equals("guava")) {
                components.remove(i);
            }
        }
        ObjectNode extra = components.addObject();
        extra.put("type", "library").put("group", "org.example").put("name", "declared-only").put("version", "1.0")
                .put("purl", "pkg:maven/org.example/declared-only@1.0");
        Files.writeString(bom, mapper.writeValueAsString(json));
        Inventory fixed = INVENTORY.inventory(Fixtures.file("sample-fixed.war"));

        List<Finding> diff = SbomComparison.compare(fixed, bom);

        assertThat(diff).extracting(Finding::ruleId, Finding::location).contains(
                org.assertj.core.groups.Tuple.tuple("RG-INV-SBOM-UNDECLARED", "WEB-INF/lib/guava-32.1.3-jre.jar"),
                org.assertj.core.groups.Tuple.tuple("RG-INV-SBOM-MISSING", "declared.json"),
                org.assertj.core.groups.Tuple.tuple("RG-INV-SBOM-VERSION", "WEB-INF/lib/log4j-core-2.17.1.jar"));
        assertThat(diff).filteredOn(f -> f.ruleId().equals("RG-INV-SBOM-VERSION")).extracting(Finding::location)
                .doesNotContain("WEB-INF/lib/commons-lang3-3.12.0.jar", "WEB-INF/lib/slf4j-api-1.7.36.jar");
        assertThat(diff).filteredOn(f -> f.ruleId().equals("RG-INV-SBOM-VERSION")).hasSize(11);
    }

    @Test
    void shouldRefuseAFileThatIsNotAnSbom() throws IOException {
        Path notes = Files.writeString(dir.resolve("bom.json"), "{\"hello\": 1}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SbomComparison.read(notes)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(notes + ": not a CycloneDX SBOM");
        Path xxe = Files.writeString(dir.resolve("bom.xml"), "<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">&x;</bom>");
        assertThatThrownBy(() -> SbomComparison.read(xxe)).isInstanceOf(BadInputException.class)
                .hasMessage(xxe + ": XML SBOM with a DOCTYPE is refused");
    }

    private static JsonNode find(JsonNode components, String name) {
        for (JsonNode c : components) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no component " + name);
    }
}
