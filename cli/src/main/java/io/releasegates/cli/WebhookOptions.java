package io.releasegates.cli;

import io.releasegates.notify.Webhook;
import io.releasegates.signing.SecretInput;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The webhook options `monitor`, `serve --monitor-every` and `integrity watch` share (docs/monitoring.md, Webhooks). */
final class WebhookOptions {
    @Option(names = "--webhook", paramLabel = "URL", description = "POST each new event or alert here (JSON, signed).")
    String webhook;

    @Option(names = "--webhook-secret-env", paramLabel = "VAR", description = "Environment variable holding the HMAC-SHA256 signing secret.")
    String webhookSecretEnv;

    @Option(names = "--webhook-secret-file", paramLabel = "FILE", description = "File holding the signing secret (first line).")
    Path webhookSecretFile;

    @Option(names = "--webhook-attempts", defaultValue = "5", paramLabel = "N",
            description = "Tries per delivery, with doubling backoff from 1 s (default: ${DEFAULT-VALUE}).")
    int webhookAttempts = 5;

    /** Null without --webhook; a webhook without a secret is refused. */
    Webhook webhook() {
        if (webhook == null) {
            if (webhookSecretEnv != null || webhookSecretFile != null) {
                throw new IllegalArgumentException("--webhook-secret-env/--webhook-secret-file need --webhook URL");
            }
            return null;
        }
        String secret = SecretInput.read(System.getenv(), webhookSecretEnv, webhookSecretFile, "--webhook-secret");
        return Webhook.of(webhook, secret, webhookAttempts, Duration.ofSeconds(1));
    }
}
