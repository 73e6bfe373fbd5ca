package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and deep XML configs: one line of bad input, and nothing printed by the parser itself. */
class QuietXmlTest {
    @TempDir
    Path dir;

    @Test
    void shouldPrintNoFatalErrorLineForMalformedXml() throws Exception {
        Path file = Files.writeString(dir.resolve("suppressions.xml"), "not xml at all");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> DcSuppressions.load(file)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("suppressions.xml").hasMessageNotContaining("\n");
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("[Fatal Error]").isEmpty();
    }

    @Test
    void shouldRefuseASuppressionFileNestedTenThousandDeep() throws Exception {
        Path file = Files.writeString(dir.resolve("deep.xml"), "<suppressions>" + "<a>".repeat(10_000) + "</a>".repeat(10_000)
                + "</suppressions>");
        assertThatThrownBy(() -> DcSuppressions.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("nested deeper than 100 levels");
    }
}
