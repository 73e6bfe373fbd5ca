package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import io.releasegates.signing.Signatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The fast entry reader gives exactly what the JSON parser gives, and gives up on anything the writer never writes. */
class BaselineLinesTest {
    private static final List<TreeEntry> ENTRIES = List.of(
            new TreeEntry("conf", EntryType.DIRECTORY, 0, "0755", "root", "root", null, null, null),
            new TreeEntry("conf/app.yml", EntryType.FILE, 1234567890123L, "4750", "shop", "www-data",
                    "8dace10a38555178d666f2c43ff8abd70437e7014dccf7ba348a10c29c985bec", null, null),
            new TreeEntry("conf/current", EntryType.SYMLINK, 7, "0777", "root", "root", null, "app.yml", null),
            new TreeEntry("conf/r\u00e9sum\u00e9-\u4e2d.txt", EntryType.FILE, 0, "0644", "1001", "1001",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null, null),
            new TreeEntry("conf/secret", EntryType.FILE, 12, "0000", null, null, null, null, "cannot read: permission denied"),
            new TreeEntry("run/fifo", EntryType.FIFO, 0, null, null, null, null, null, null));

    private static byte[] written(List<TreeEntry> entries) throws IOException {
        Baseline b = new Baseline(Baseline.FORMAT, Instant.parse("2026-11-28T10:00:00Z"), "test", "/etc",
                List.of("*.yml"), List.of("*.log"), entries);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BaselineJson.write(b, Signatures.signatureMember(BaselineFile.signedDigest(b), SigningKey.hmac(new byte[32])), out);
        return out.toByteArray();
    }

    @Test
    void shouldReadWhatTheWriterWritesExactlyAsTheJsonParserDoes() throws IOException {
        byte[] bytes = written(ENTRIES);

        BaselineLines.Split split = BaselineLines.read(bytes);

        assertThat(split).isNotNull();
        assertThat(split.entries()).isEqualTo(ENTRIES);
        BaselineJson.Parsed fast = BaselineJson.read(bytes);
        BaselineJson.Parsed full = BaselineJson.readDocument(bytes);
        assertThat(fast.baseline()).isEqualTo(full.baseline());
        assertThat(fast.signature()).isEqualTo(full.signature());
        assertThat(BaselineJson.canonical(fast.baseline())).isEqualTo(BaselineJson.canonical(full.baseline()));
    }

    @TestFactory
    Stream<DynamicTest> shouldGiveUpOnWhatTheWriterNeverWritesAndLeaveTheVerdictToTheJsonParser() throws IOException {
        String text = new String(written(ENTRIES), StandardCharsets.UTF_8);
        Stream<Object[]> cases = Stream.of(
                new Object[] {"an escaped quote", (UnaryOperator<String>) s -> s.replace("conf/app.yml", "conf/a\\\"pp.yml")},
                new Object[] {"an escaped unicode character", (UnaryOperator<String>) s -> s.replace("\"root\",\"path\":\"conf\"", "\"r\\u006fot\",\"path\":\"conf\"")},
                new Object[] {"an unknown member", (UnaryOperator<String>) s -> s.replace("\"path\":\"conf\",", "\"note\":\"x\",\"path\":\"conf\",")},
                new Object[] {"members out of order", (UnaryOperator<String>) s -> s.replace("{\"group\":\"root\",\"mode\":\"0755\"", "{\"mode\":\"0755\",\"group\":\"root\"")},
                new Object[] {"a member twice", (UnaryOperator<String>) s -> s.replace("\"size\":0,\"type\":\"directory\"", "\"size\":0,\"size\":1,\"type\":\"directory\"")},
                new Object[] {"a fractional size", (UnaryOperator<String>) s -> s.replace("\"size\":7,", "\"size\":7.0,")},
                new Object[] {"a size with a leading zero", (UnaryOperator<String>) s -> s.replace("\"size\":7,", "\"size\":07,")},
                new Object[] {"a negative size", (UnaryOperator<String>) s -> s.replace("\"size\":7,", "\"size\":-7,")},
                new Object[] {"a trailing comma", (UnaryOperator<String>) s -> s.replace("\"type\":\"fifo\"}\n", "\"type\":\"fifo\"},\n")},
                new Object[] {"CRLF line breaks", (UnaryOperator<String>) s -> s.replace("\n", "\r\n")},
                new Object[] {"an entry without a type", (UnaryOperator<String>) s -> s.replace(",\"type\":\"fifo\"", "")},
                new Object[] {"an unknown type", (UnaryOperator<String>) s -> s.replace("\"type\":\"fifo\"", "\"type\":\"door\"")},
                new Object[] {"a type label in capitals", (UnaryOperator<String>) s -> s.replace("\"type\":\"fifo\"", "\"type\":\"FIFO\"")},
                new Object[] {"two entries on one line", (UnaryOperator<String>) s -> s.replace("\"type\":\"directory\"},\n    {", "\"type\":\"directory\"},{")},
                new Object[] {"the entries written twice", (UnaryOperator<String>) s -> s.replace("\n  \"signature\"", "\n  \"entries\": [\n  ],\n  \"signature\"")});
        return cases.map(c -> dynamicTest((String) c[0], () -> {
            @SuppressWarnings("unchecked")
            byte[] bytes = ((UnaryOperator<String>) c[1]).apply(text).getBytes(StandardCharsets.UTF_8);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).as("the case changes the document").isNotEqualTo(text);

            assertThat(BaselineLines.read(bytes)).isNull();
            sameVerdict(bytes);
        }));
    }

    @Test
    void shouldGiveUpOnBytesThatAreNotUtf8() throws IOException {
        byte[] bytes = written(ENTRIES);
        byte[] name = "conf/current".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i < bytes.length; i++) {
            for (int j = 0; j < name.length; j++) {
                if (bytes[i + j] != name[j]) {
                    continue outer;
                }
            }
            bytes[i + 5] = (byte) 0xC3;   // a lead byte followed by ASCII: malformed
            break;
        }

        assertThat(BaselineLines.read(bytes)).isNull();
        sameVerdict(bytes);
    }

    private static void sameVerdict(byte[] bytes) throws IOException {
        Throwable viaRead = catchThrowable(() -> BaselineJson.read(bytes));
        Throwable viaParser = catchThrowable(() -> BaselineJson.readDocument(bytes));
        if (viaParser == null) {
            assertThat(viaRead).isNull();
            assertThat(BaselineJson.read(bytes).baseline()).isEqualTo(BaselineJson.readDocument(bytes).baseline());
        } else {
            assertThat(viaRead).isNotNull().hasSameClassAs(viaParser).hasMessage(viaParser.getMessage());
        }
    }
}
