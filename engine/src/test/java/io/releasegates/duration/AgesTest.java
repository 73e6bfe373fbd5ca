package io.releasegates.duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar shared by policies, check, scan, fleet prune, the plugin and backup configs. */
class AgesTest {
    @ParameterizedTest
    @CsvSource({"2w,PT336H", "7d,PT168H", "36h,PT36H", "90m,PT1H30M", "45s,PT45S", "1d12h,PT36H", "1w 2d,PT216H",
            "PT24H,PT24H", "P30D,PT720H", "' 3D ',PT72H"})
    void shouldParseEveryAcceptedForm(String text, String iso) {
        assertThat(Ages.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "7", "d7", "1d x 2h", "7days", "1y", "-P1D"})
    void shouldRefuseWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> Ages.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
