package io.releasegates.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Errors about settings name them by key; each front door can name them its own way (the CLI: as flags). */
class BadInputExceptionTest {
    @Test
    void shouldNameSettingsByKeyUnlessAFrontDoorNamesThemItsOwnWay() {
        BadInputException e = BadInputException.ofSettings("{0} x: give either the API or a feed ({1} / {2}), not both",
                "nvd-api-url", "nvd-datafeed", "nvd-records");

        assertThat(e.getMessage()).isEqualTo("nvd-api-url x: give either the API or a feed (nvd-datafeed / nvd-records), not both");
        assertThat(e.message(key -> "--" + key))
                .isEqualTo("--nvd-api-url x: give either the API or a feed (--nvd-datafeed / --nvd-records), not both");
        assertThat(e.message(key -> "steps.scan." + key)).startsWith("steps.scan.nvd-api-url x:");
    }

    @Test
    void shouldKeepAPlainMessageWhateverTheNaming() {
        BadInputException e = new BadInputException("app.war: no such file or directory {0}");

        assertThat(e.message(key -> "--" + key)).isEqualTo("app.war: no such file or directory {0}");
    }
}
