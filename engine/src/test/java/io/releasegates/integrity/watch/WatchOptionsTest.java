package io.releasegates.integrity.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.signing.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchOptionsTest {
    @Test
    void shouldRefuseAFullCheckPeriodOfZeroNamingTheSettingByKey() {
        WatchOptions options = WatchOptions.of(Path.of("/etc/shop"), Path.of("baseline.json"), SigningKey.generateHmac(),
                "web-1", List.of(), null);
        assertThat(options.fullEvery()).isEqualTo(WatchOptions.DEFAULT_FULL_EVERY);
        assertThatThrownBy(() -> options.withFullEvery(Duration.ZERO)).isInstanceOf(BadInputException.class)
                .hasMessage("full-every must be longer than zero")
                .satisfies(e -> assertThat(((BadInputException) e).message(k -> "--" + k))
                        .isEqualTo("--full-every must be longer than zero"));
    }
}
