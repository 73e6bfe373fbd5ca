package io.releasegates.cli;

import io.releasegates.fleet.monitor.AdvisorySources;
import io.releasegates.notify.Webhook;
import java.nio.file.Path;
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

    @picocli.CommandLine.Mixin
    WebhookOptions webhookOptions = new WebhookOptions();

    AdvisorySources data() {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "release-gates-monitor-nvd-" + ProcessHandle.current().pid());
        return AdvisorySources.resolve(dataDir, osv, nvdRecords, work);
    }

    /** Null without --webhook; a webhook without a secret is refused. */
    Webhook webhook() {
        return webhookOptions.webhook();
    }
}
