package io.releasegates.cli;

import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.fleet.monitor.AdvisorySources;
import io.releasegates.fleet.monitor.EventDelivery;
import io.releasegates.fleet.monitor.MonitorPass;
import io.releasegates.notify.Webhook;
import io.releasegates.notify.WebhookSender;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code release-gates monitor}: one monitor pass over the store's hosts and releases, then the webhook deliveries. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "One monitor pass: match every host's and recorded release's component versions against the current"
                + " advisory data and record what changed since the last pass as events (exposed / resolved), once each.")
final class MonitorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", paramLabel = "URL", description = "Fleet store (as for `fleet ingest`).")
    String store;

    @Option(names = "--fail-on-exposed", description = "Exit 1 when the pass recorded new exposures (a Jenkins job turns red).")
    boolean failOnExposed;

    @Mixin
    MonitorOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // every input is checked before the store is touched
        AdvisorySources data = options.data();
        Webhook webhook = options.webhook();
        try (FleetStore s = FleetStores.open(store)) {
            MonitorPass.Outcome o = MonitorPass.run(s, data, Clock.systemUTC());
            out.println(summary(o));
            out.flush();
            if (webhook != null) {
                deliver(s, webhook, out);
            }
            return failOnExposed && o.result().exposed() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
        }
    }

    static String summary(MonitorPass.Outcome o) {
        return "monitor pass " + o.result().passId() + ": " + o.hosts() + " hosts, " + o.releases() + " releases, "
                + o.versions() + " component versions (" + o.affectedVersions() + " affected); " + o.result().exposures()
                + " exposures, " + o.result().exposed() + " newly exposed, " + o.result().resolved() + " resolved ("
                + o.total().toMillis() + " ms)";
    }

    /** A receiver that is down is not a failed pass: the events wait in the store for the next run. */
    static void deliver(FleetStore s, Webhook webhook, PrintWriter out) {
        WebhookSender.Result r = EventDelivery.deliver(s, webhook, Clock.systemUTC());
        out.println("webhook " + webhook.shown() + ": " + r.delivered() + " event(s) delivered"
                + (r.lastError() == null ? "" : ", delivery stopped: " + r.lastError() + " (the rest is sent by the next run)"));
        out.flush();
    }
}
