package io.releasegates.cli;

import io.releasegates.monitor.DataLayout;
import io.releasegates.notify.Webhook;
import io.releasegates.report.SecretInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The advisory data and webhook options `monitor` and `serve --monitor-every` share (docs/monitoring.md). */
final class MonitorOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Advisory data as `data update` keeps it: DIR/osv/<ECOSYSTEM>/all.zip and DIR/nvd/.")
    Path dataDir;

    @Option(names = "--osv", paramLabel = "DIR|ZIP", description = "OSV advisories (folder or osv.dev all.zip); repeatable, added to --data-dir's.")
    List<Path> osv = new ArrayList<>();

    @Option(names = "--nvd-records", paramLabel = "DIR",
            description = "NVD API 2.0 CVE records to match through the scan's CPE mapping (imported into DIR/nvd of --data-dir, or a work folder).")
    Path nvdRecords;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST each new event here (JSON, signed), after the pass.")
    String webhook;

    @Option(names = "--webhook-secret-env", paramLabel = "VAR", description = "Environment variable holding the HMAC-SHA256 signing secret.")
    String webhookSecretEnv;

    @Option(names = "--webhook-secret-file", paramLabel = "FILE", description = "File holding the signing secret (first line).")
    Path webhookSecretFile;

    @Option(names = "--webhook-attempts", defaultValue = "5", paramLabel = "N",
            description = "Tries per event within one run, with doubling backoff from 1 s (default: ${DEFAULT-VALUE}).")
    int webhookAttempts;

    DataLayout data() {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "release-gates-monitor-nvd-" + ProcessHandle.current().pid());
        return DataLayout.resolve(dataDir, osv, nvdRecords, work);
    }

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
