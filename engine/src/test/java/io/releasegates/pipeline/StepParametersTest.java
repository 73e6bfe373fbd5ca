package io.releasegates.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepParametersTest {
    @Test
    void shouldSplitGlobsOnCommasAndLineBreaks() {
        assertThat(StepParameters.globs("*.conf, nginx/**\r\n  *.yml\n\n,")).containsExactly("*.conf", "nginx/**", "*.yml");
    }

    @Test
    void shouldGiveNoGlobsForNothing() {
        assertThat(StepParameters.globs(null)).isEmpty();
        assertThat(StepParameters.globs("  \n ")).isEmpty();
    }
}
