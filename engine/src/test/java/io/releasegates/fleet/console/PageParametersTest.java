package io.releasegates.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** One parser for page and size, whether a list, the advisory page or a detail page asks. */
class PageParametersTest {
    @Test
    void shouldDefaultBlankParametersAndRefuseOutOfRangeOnesNamingThem() {
        assertThat(PageParameters.page(Map.of())).isEqualTo(1);
        assertThat(PageParameters.page(Map.of("page", " 7 "))).isEqualTo(7);
        assertThat(PageParameters.size(Map.of("size", ""), 50, 500)).isEqualTo(50);
        assertThat(PageParameters.size(Map.of("size", "500"), 50, 500)).isEqualTo(500);
        assertThatThrownBy(() -> PageParameters.size(Map.of("size", "501"), 50, 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("size=501: between 1 and 500");
        assertThatThrownBy(() -> PageParameters.page(Map.of("page", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("page=0: between 1 and 1000000");
        assertThatThrownBy(() -> PageParameters.page(Map.of("page", "two")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("page=two: not a number");
    }
}
