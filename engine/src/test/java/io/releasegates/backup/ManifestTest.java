package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final String A = "a".repeat(64);
    private static final String B = "B".repeat(64);

    private static Manifest parse(String text) {
        return Manifest.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTextAndBinaryModeLines() {
        Manifest m = parse(A + "  orders.dump\n" + B + " *media file.zip\r\n\n");

        assertThat(m.entries()).containsExactly(java.util.Map.entry("orders.dump", A),
                java.util.Map.entry("media file.zip", B.toLowerCase()));
        assertThat(m.problems()).isEmpty();
    }

    @Test
    void shouldReadEscapedNamesAndTheBsdTagFormat() {
        Manifest m = parse("\\" + A + "  back\\\\slash\\nnewline.dump\nSHA256 (sub/dir.tar.gz) = " + A + "\n");

        assertThat(m.entries()).containsOnlyKeys("back\\slash\nnewline.dump", "sub/dir.tar.gz");
    }

    @Test
    void shouldReportMalformedDuplicateAndEscapingLinesByNumber() {
        Manifest m = parse(A + "  ok.dump\nnonsense\n" + A + "  ok.dump\n" + A + "  ../../etc/passwd\n"
                + A + "  /etc/shadow\n" + "abc  short.dump\n");

        assertThat(m.entries()).containsOnlyKeys("ok.dump");
        assertThat(m.problems()).containsExactly(
                "line 2: not 'SHA256  name' (sha256sum format)",
                "line 3: 'ok.dump' is listed twice",
                "line 4: name '../../etc/passwd' leaves the backup folder",
                "line 5: name '/etc/shadow' leaves the backup folder",
                "line 6: not 'SHA256  name' (sha256sum format)");
    }
}
