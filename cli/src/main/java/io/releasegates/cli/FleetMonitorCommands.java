package io.releasegates.cli;

import io.releasegates.files.RegularFiles;
import io.releasegates.fleet.SbomReader;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.fleet.monitor.MonitorViews;
import io.releasegates.pipeline.FleetReporting;
import io.releasegates.report.Json;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleet release} and {@code fleet events}: the monitoring side of the fleet store (docs/monitoring.md). */
final class FleetMonitorCommands {
    private FleetMonitorCommands() {
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Record a promoted release and its components (a CycloneDX SBOM); `monitor` re-evaluates it on every pass.")
    static final class Release implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SBOM", description = "The release's CycloneDX SBOM (JSON or XML).")
        Path sbom;

        @Option(names = "--name", required = true, paramLabel = "APP")
        String name;

        @Option(names = "--version", required = true, paramLabel = "V")
        String version;

        @Option(names = "--environment", required = true, paramLabel = "E", description = "Where it was promoted to.")
        String environment;

        @Mixin
        FleetCommand.StoreOption store;

        @Override
        public Integer call() throws Exception {
            byte[] bytes;
            try (InputStream in = java.nio.channels.Channels.newInputStream(RegularFiles.openNamed(sbom))) {
                bytes = in.readNBytes(SbomReader.MAX_BYTES + 1);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(sbom + ": cannot read SBOM: " + e.getMessage(), e);
            }
            try (FleetStore s = store.open()) {
                MonitorStore.ReleaseRow r = FleetReporting.recordRelease(s, bytes, sbom.toString(), name, version, environment,
                        Instant.now());
                System.out.println("release " + r.name() + " " + r.version() + " (" + r.environment() + "): "
                        + r.components() + " components recorded in " + s.description());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "Monitor events, oldest first: exposed / resolved per host or release and advisory (the JSON of /api/events).")
    static final class Events implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--since", paramLabel = "TIME", description = "An instant (2026-12-06T10:00:00Z) or an age (24h, 7d).")
        String since;

        @Option(names = "--json", description = "Print the JSON of /api/events instead of text.")
        boolean json;

        @Mixin
        FleetCommand.StoreOption store;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Instant from = MonitorViews.since(since, Instant.now());
            try (FleetStore s = store.open()) {
                MonitorViews views = new MonitorViews(s, Clock.systemUTC());
                MonitorViews.EventsView page = views.events(from, 0);
                if (json) {
                    out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(page));
                    return ExitCodes.OK;
                }
                long after = 0;
                int n = 0;
                while (true) {
                    for (MonitorViews.EventJson e : page.items()) {
                        out.println(e.at() + "  " + e.type() + "  " + e.severity() + "  " + e.advisory() + "  " + e.subject().kind()
                                + " " + e.subject().name() + " (" + e.subject().environment() + ")  " + e.component()
                                + (e.fixedIn().isEmpty() ? "" : "  fixed in " + e.fixedIn()));
                        after = e.id();
                        n++;
                    }
                    if (!page.more()) {
                        break;
                    }
                    page = views.events(from, after);
                }
                out.println(n + " event(s)" + (from == null ? "" : " since " + from));
            }
            return ExitCodes.OK;
        }
    }
}
