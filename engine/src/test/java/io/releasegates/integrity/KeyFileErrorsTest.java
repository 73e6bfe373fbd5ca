package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong key file gets an error saying what a key file must contain, never a charset exception's class name. */
class KeyFileErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void shouldSayWhatAKeyFileHoldsWhenGivenBinaryContent() throws Exception {
        Path der = Files.write(tmp.resolve("key.der"), new byte[] {0x30, (byte) 0x82, 0x01, 0x22, 0x00, (byte) 0xff});

        assertThatThrownBy(() -> SigningKey.load(der)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(der + ": not a key file (binary content); a key file holds an Ed25519 key as "
                        + "PEM text")
                .hasMessageContaining("HMAC-SHA256 secret of at least 32 bytes as hex digits")
                .hasMessageNotContaining("MalformedInput");
    }

    @Test
    void shouldNameAMissingKeyFile() {
        Path missing = tmp.resolve("integrity.pem.pub");

        assertThatThrownBy(() -> SigningKey.load(missing)).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": key file not found");
    }

    @Test
    void shouldSayWhatAKeyFileHoldsWhenGivenOtherText() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "my key is in the vault\n");

        assertThatThrownBy(() -> SigningKey.load(text)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(text + ": not a key file; a key file holds an Ed25519 key as PEM text")
                .hasMessageNotContaining("vault");
    }
}
