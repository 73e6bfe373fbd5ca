package io.releasegates.cli;

import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.fleet.web.FleetDashboard;
import io.releasegates.fleet.web.FleetHttpServer;
import io.releasegates.fleet.web.ServerLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code release-gates serve}: the fleet dashboard and JSON API over HTTP, read-only unless given a token. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the fleet dashboard (HTML), JSON API and exports from a fleet store.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--store", paramLabel = "URL", description = "Fleet store (as for `fleet ingest`).")
    String store;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; use 0.0.0.0 deliberately).")
    String bind;

    @Option(names = "--public-host", paramLabel = "NAME",
            description = "A host name clients use to reach this server (repeatable). Requests whose Host header names "
                    + "anything but these, localhost, the --bind name or an IP address are refused (421): DNS rebinding.")
    List<String> publicHosts = new ArrayList<>();

    @Option(names = "--token-env", paramLabel = "VAR",
            description = "Accept POST /api/reports with 'Authorization: Bearer $VAR'. Without it the server is read-only.")
    String tokenEnv;

    @Option(names = "--policy", paramLabel = "FILE", description = "Cadence policy YAML (docs/fleet.md).")
    Path policy;

    @Option(names = "--max-body", defaultValue = "16777216", paramLabel = "BYTES",
            description = "Largest accepted request body (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--stale-after", defaultValue = "2d", paramLabel = "AGE",
            description = "A host without a report for longer has stopped reporting: the console's home page counts it"
                    + " (default: ${DEFAULT-VALUE}; 36h, 7d, P7D).")
    String staleAfter;

    @Option(names = "--monitor-every", paramLabel = "DURATION",
            description = "Also run a monitor pass this often (e.g. 1h, 30m; docs/monitoring.md), with the data and webhook options below.")
    String monitorEvery;

    @picocli.CommandLine.Mixin
    MonitorOptions monitorOptions;

    @Override
    public Integer call() throws Exception {
        java.time.Duration stale;
        try {
            stale = io.releasegates.duration.Ages.parse(staleAfter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stale-after: " + e.getMessage(), e);
        }
        MonitorSchedule schedule = monitorEvery == null ? null : MonitorSchedule.of(monitorEvery, monitorOptions);
        String token = null;
        if (tokenEnv != null) {
            token = System.getenv(tokenEnv);
            if (token == null || token.length() < 16) {
                throw new IllegalArgumentException("--token-env " + tokenEnv + ": the variable must hold a token of at least 16 characters");
            }
        }
        CadencePolicy cadence = policy == null ? CadencePolicy.defaults() : CadencePolicy.load(policy);
        FleetStore s = FleetStores.open(store);
        FleetDashboard dashboard = new FleetDashboard(s, cadence, Clock.systemUTC(), "", stale);
        FleetHttpServer server = new FleetHttpServer(s, dashboard, bind, port, token,
                ServerLimits.defaults(maxBody).withPublicHosts(publicHosts));
        server.start();
        if (schedule != null) {
            schedule.start(s);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (schedule != null) {
                schedule.close();
            }
            server.close();
            s.close();
            stopped.countDown();
        }));
        System.err.println("release-gates serve: http://" + bind + ":" + server.port() + "/ (" + s.description() + ", "
                + (token == null ? "read-only" : "accepting reports with a token") + ")");
        stopped.await();
        return ExitCodes.OK;
    }
}
