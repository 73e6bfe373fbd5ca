package io.releasegates.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoreUrlsTest {
    @Test
    void shouldAddEncodedCredentialsToAPostgresUrl() {
        String url = StoreUrls.withCredentials("jdbc:postgresql://db:5432/fleet", "fleet", "p&ss=w?rd %");

        assertThat(url).startsWith("jdbc:postgresql://db:5432/fleet?user=fleet&password=");
        String query = URI.create(url.substring("jdbc:".length())).getRawQuery();
        assertThat(URLDecoder.decode(query.substring(query.indexOf("password=") + 9), StandardCharsets.UTF_8))
                .isEqualTo("p&ss=w?rd %");
        assertThat(StoreUrls.withCredentials("jdbc:postgresql://db/fleet?ssl=true", "u", "p"))
                .isEqualTo("jdbc:postgresql://db/fleet?ssl=true&user=u&password=p");
    }

    @Test
    void shouldLeaveAUrlWithoutCredentialsAlone() {
        assertThat(StoreUrls.withCredentials("jdbc:h2:file:/x/fleet", null, null)).isEqualTo("jdbc:h2:file:/x/fleet");
        assertThat(StoreUrls.withCredentials(null, "u", "p")).isNull();
    }

    @Test
    void shouldAddH2CredentialsAndRefuseWhatWouldBreakTheUrl() {
        assertThat(StoreUrls.withCredentials("jdbc:h2:file:/x/fleet", "sa", "pw")).isEqualTo("jdbc:h2:file:/x/fleet;USER=sa;PASSWORD=pw");
        assertThatThrownBy(() -> StoreUrls.withCredentials("jdbc:h2:file:/x", "sa", "a;INIT=RUNSCRIPT"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreUrls.withCredentials("/var/fleet", "sa", "pw")).isInstanceOf(IllegalArgumentException.class);
    }
}
