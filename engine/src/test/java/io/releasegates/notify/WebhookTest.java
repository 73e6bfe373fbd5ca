package io.releasegates.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A bad webhook names its settings by key; the CLI turns the keys into its flags. */
class WebhookTest {
    @Test
    void shouldNameTheSettingsByKeyAndNeverShowTheUrlsToken() {
        assertThatThrownBy(() -> Webhook.of("https://hooks.example.org/x?token=abc", "short", 1, Duration.ofSeconds(1)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("webhook https://hooks.example.org/x?***: a signing secret of at least 16 characters is"
                        + " required (webhook-secret-env VAR or webhook-secret-file FILE)")
                .satisfies(e -> assertThat(((BadInputException) e).message(k -> "--" + k))
                        .isEqualTo("--webhook https://hooks.example.org/x?***: a signing secret of at least 16 characters"
                                + " is required (--webhook-secret-env VAR or --webhook-secret-file FILE)"));
        assertThatThrownBy(() -> Webhook.of("ftp://hooks.example.org/x", "0123456789abcdef", 1, Duration.ofSeconds(1)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("webhook ftp://hooks.example.org/x: expected an http:// or https:// URL with a host");
        assertThatThrownBy(() -> Webhook.of("http://[bad", "0123456789abcdef", 1, Duration.ofSeconds(1)))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("webhook http://[bad: not a URL (");
    }

    @Test
    void shouldAcceptAnHttpUrlWithALongEnoughSecret() {
        Webhook hook = Webhook.of("http://127.0.0.1:9/hook", "0123456789abcdef", 3, Duration.ofSeconds(1));
        assertThat(hook.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(hook.attempts()).isEqualTo(3);
    }
}
