package io.releasegates.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SBOMs nested 10,000 deep overflowed the CycloneDX parser's stack: now one line of bad input. */
public class DeepSbomTest {
    public static byte[] deepXml(int depth) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\"><components>");
        for (int i = 0; i < depth; i++) {
            b.append("<component type=\"library\"><name>c").append(i).append("</name><version>1</version><components>");
        }
        for (int i = 0; i < depth; i++) {
            b.append("</components></component>");
        }
        return b.append("</components></bom>").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] deepJson(int depth) {
        StringBuilder b = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[");
        for (int i = 0; i < depth; i++) {
            b.append("{\"type\":\"library\",\"name\":\"c").append(i).append("\",\"version\":\"1\",\"components\":[");
        }
        for (int i = 0; i < depth; i++) {
            b.append("]}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRefuseAnXmlSbomNestedTenThousandDeep() {
        assertThatThrownBy(() -> SbomReader.read(deepXml(10_000), "deep.cdx.xml"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("deep.cdx.xml: nested deeper than 100 levels: refused");
    }

    @Test
    void shouldRefuseAJsonSbomNestedTenThousandDeep() {
        assertThatThrownBy(() -> SbomReader.read(deepJson(10_000), "deep.cdx.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("deep.cdx.json: nested deeper than 100 levels: refused");
    }

    @Test
    void shouldStillReadNestedComponentsWithinTheLimit() {
        assertThat(SbomReader.read(deepXml(10), "nested.cdx.xml").packages()).isNotNull();
        assertThat(SbomReader.read(deepJson(10), "nested.cdx.json").packages()).isNotNull();
    }
}
