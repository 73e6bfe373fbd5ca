package io.releasegates.cli;

import io.releasegates.fleet.AvailableFeed;
import io.releasegates.fleet.AvailableVersion;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.SbomIngest;
import io.releasegates.fleet.SbomReader;
import io.releasegates.fleet.ScanEvidence;
import io.releasegates.fleet.VulnerabilityScan;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.store.FleetStores;
import io.releasegates.fleet.view.FleetFindings;
import io.releasegates.fleet.view.FleetViews;
import io.releasegates.fleet.view.HostChanges;
import io.releasegates.fleet.view.HostChangesView;
import io.releasegates.fleet.view.ViewModel.ComponentsView;
import io.releasegates.fleet.web.FleetDashboard;
import io.releasegates.pipeline.FleetReporting;
import io.releasegates.duration.Ages;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.report.Json;
import io.releasegates.files.Digests;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release-gates fleet ingest|available|vulnerabilities|report|export|changes|prune}: the fleet store from the command line. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Fleet patch levels: ingest host/application SBOMs, record available versions, check the update cadence.",
        subcommands = {FleetCommand.Ingest.class, FleetCommand.Available.class, FleetCommand.Vulnerabilities.class,
                FleetCommand.Report.class, FleetCommand.Export.class, FleetCommand.Changes.class,
                FleetCommand.Prune.class, FleetMonitorCommands.Release.class, FleetMonitorCommands.Events.class})
final class FleetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The store option every fleet command shares. */
    static final class StoreOption {
        @Option(names = "--store", paramLabel = "URL",
                description = "jdbc:postgresql://… URL, jdbc:h2:… URL or a file path (default: an H2 file under "
                        + "$XDG_DATA_HOME or ~/.local/share/release-gates/fleet).")
        String url;

        FleetStore open() {
            return FleetStores.open(url);
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Replace a host's snapshot with the packages of these CycloneDX SBOMs (JSON or XML), in one transaction.")
    static final class Ingest implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "SBOM", description = "SBOMs from `inventory` (host and applications).")
        List<Path> sboms;

        @Option(names = "--host", required = true, paramLabel = "NAME", description = "Host name.")
        String host;

        @Option(names = "--environment", paramLabel = "E", description = "Environment (default: default).")
        String environment;

        @Option(names = "--role", paramLabel = "R", description = "Host role, matched by cadence rules (default: default).")
        String role;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            List<SbomReader.Sbom> read = new ArrayList<>();
            int skipped = 0;
            for (Path sbom : sboms) {
                read.add(SbomReader.read(sbom));
                skipped += read.get(read.size() - 1).skipped();
            }
            try (FleetStore s = store.open()) {
                FleetStore.IngestResult r = SbomIngest.ingest(s, read, sboms.get(0).toString(), host, environment, role,
                        Instant.now());
                System.out.println(r.changed()
                        ? host + ": " + r.packages() + " packages (+" + r.added() + " -" + r.removed() + ")"
                        : host + ": " + r.packages() + " packages, unchanged");
                if (skipped > 0) {
                    System.err.println("release-gates: " + skipped + " component(s) without a version were skipped");
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "available", mixinStandardHelpOptions = true,
            description = "Record available versions from apt-cache policy output, maven-metadata.xml files or CSV (purl,first_seen).")
    static final class Available implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Option(names = "--deb-namespace", defaultValue = "debian", paramLabel = "NS",
                description = "purl namespace for apt-cache packages (default: ${DEFAULT-VALUE}).")
        String debNamespace;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            List<AvailableVersion> versions = new ArrayList<>();
            Instant now = Instant.now();
            for (Path f : files) {
                versions.addAll(AvailableFeed.read(f, debNamespace, now));
            }
            try (FleetStore s = store.open()) {
                int added = s.recordAvailable(versions);
                System.out.println(versions.size() + " versions read, " + added + " new");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "vulnerabilities", mixinStandardHelpOptions = true,
            description = "Record the known vulnerabilities of component versions from scan evidence (release-gates scan --json F)"
                    + " and/or by matching the store's Maven and Debian versions against OSV advisories (--osv); per version, a newer"
                    + " scan replaces an older one's findings.")
    static final class Vulnerabilities implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "FILE", description = "JSON evidence written by `scan --json`.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--osv", paramLabel = "DIR|ZIP",
                description = "Also match every Maven and Debian version the store knows against these OSV advisories (folder, osv.dev all.zip, or a data dir's osv folder: DIR/osv from release-gates data update).")
        Path osv;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            if (files.isEmpty() && osv == null) {
                throw new IllegalArgumentException("give scan evidence FILEs, --osv DIR|ZIP, or both");
            }
            // every file is read and checked before the store is touched: a bad one imports nothing
            List<VulnerabilityScan> scans = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Path f : files) {
                scans.add(ScanEvidence.read(f));
                names.add(f.toString());
            }
            try (FleetStore s = store.open()) {
                if (osv != null) {
                    scans.add(FleetReporting.matchOsv(s, osv));
                    names.add(osv + " (OSV)");
                }
                for (int i = 0; i < scans.size(); i++) {
                    FleetStore.VulnerabilityImport r = s.recordVulnerabilities(scans.get(i));
                    System.out.println(names.get(i) + ": " + r.versions() + " component versions, " + scans.get(i).advisories()
                            + " advisories; " + r.updated() + " versions updated (+" + r.added() + " -" + r.removed()
                            + " advisories), " + r.unchanged() + " unchanged (already known from this or a newer scan)"
                            + (r.skipped() > 0 ? ", " + r.skipped() + " entries without a usable purl skipped" : "")
                            + (scans.get(i).withheld() > 0 ? ", " + scans.get(i).withheld() + " versions reported clean not"
                            + " recorded (the scan suppressed findings, which may concern them)" : ""));
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Check the fleet against the cadence policy: findings RG-FLEET-001 (out of policy), RG-FLEET-002 (no agreed date),"
                    + " RG-FLEET-003 (hosts run a version with a known high or critical vulnerability; needs imported scan data).")
    static final class Report implements Callable<Integer> {
        @Option(names = "--policy", paramLabel = "FILE", description = "Cadence policy YAML (docs/fleet.md).")
        Path policy;

        @Option(names = "--environment", paramLabel = "E", description = "Only this environment.")
        String environment;

        @Mixin
        StoreOption store;

        @Mixin
        ReportOptions reportOptions;

        @Override
        public Integer call() throws Exception {
            CadencePolicy cadence = policy == null ? CadencePolicy.defaults() : CadencePolicy.load(policy);
            try (FleetStore s = store.open()) {
                ComponentsView view = new FleetViews(s, cadence, Clock.systemUTC()).components(environment);
                GateReport report = FleetFindings.report(view, s.description());
                if (policy != null) {
                    report = withPolicyInput(report, policy);
                }
                System.out.println("fleet: " + view.hosts() + " hosts, " + view.components() + " components, "
                        + (view.hosts() == 0 ? "no hosts reported yet" : "patch level " + view.patchLevel() + "%")
                        + ", " + report.findings().size() + " finding(s)");
                ResultListing.print(new java.io.PrintWriter(System.out), io.releasegates.gate.ResultGroups.ofFindings(
                        report.findings(), reportOptions.threshold()), ResultListing.colour());
                return reportOptions.writeAndDecide(report);
            }
        }

        private static GateReport withPolicyInput(GateReport r, Path policy) throws java.io.IOException {
            List<Input> inputs = new ArrayList<>(r.inputs());
            inputs.add(new Input("policy", policy.toString(), Digests.sha256(policy)));
            return new GateReport(r.gate(), r.toolVersion(), r.generatedAt(), r.title(), inputs, r.dataAsOf(), r.subjects(),
                    r.findings(), r.errors(), r.summary());
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a view as CSV or JSON: components.csv, components.json, hosts.csv, hosts.json.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VIEW", description = "components.csv | components.json | hosts.csv | hosts.json")
        String view;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of stdout.")
        Path output;

        @Option(names = "--policy", paramLabel = "FILE")
        Path policy;

        @Option(names = "--environment", paramLabel = "E")
        String environment;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() throws Exception {
            if (!List.of("components.csv", "components.json", "hosts.csv", "hosts.json").contains(view)) {
                throw new IllegalArgumentException("unknown view '" + view + "' (components.csv, components.json, hosts.csv, hosts.json)");
            }
            CadencePolicy cadence = policy == null ? CadencePolicy.defaults() : CadencePolicy.load(policy);
            try (FleetStore s = store.open()) {
                String body = new FleetDashboard(s, cadence, Clock.systemUTC(), "").handle("/export/" + view, environment).body();
                if (output == null) {
                    System.out.print(body);
                } else {
                    Files.writeString(output, body);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "changes", mixinStandardHelpOptions = true,
            description = "What changed on a host, report by report, newest first: components upgraded and downgraded,"
                    + " versions added and removed (the dashboard's /changes/NAME).")
    static final class Changes implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HOST")
        String host;

        @Option(names = "--json", description = "Print the JSON of /api/changes/NAME instead of text.")
        boolean json;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
                description = "At most this many reports, newest first (default: ${DEFAULT-VALUE}; 0: all).")
        int limit;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() throws Exception {
            if (limit < 0) {
                throw new IllegalArgumentException("--limit must be 0 (all) or more, not " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (FleetStore s = store.open()) {
                HostChanges changes = new HostChangesView(s, Clock.systemUTC()).host(host)
                        .orElseThrow(() -> new IllegalArgumentException("host " + host + " is not in " + s.description()));
                List<HostChanges.Change> shown = limit == 0 || changes.changes().size() <= limit ? changes.changes()
                        : changes.changes().subList(0, limit);
                if (json) {
                    out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                            new HostChanges(changes.host(), changes.environment(), changes.role(), changes.generatedAt(), shown)));
                    return ExitCodes.OK;
                }
                out.println(changes.host() + " (" + changes.environment() + ", role " + changes.role() + "): "
                        + changes.changes().size() + " package set(s) kept" + (shown.size() < changes.changes().size()
                        ? ", newest " + shown.size() + " shown" : ""));
                for (HostChanges.Change c : shown) {
                    out.println(c.at() + "  " + c.packages() + " packages" + (c.earliest() ? ", earliest kept" : ""));
                    c.upgraded().forEach(m -> out.println("  up    " + m.name() + " " + m.from() + " -> " + m.to()));
                    c.downgraded().forEach(m -> out.println("  down  " + m.name() + " " + m.from() + " -> " + m.to()));
                    c.added().forEach(v -> out.println("  +     " + v.name() + " " + v.version()));
                    c.removed().forEach(v -> out.println("  -     " + v.name() + " " + v.version()));
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Delete history older than AGE: replaced package sets that ended before it (the change log) and"
                    + " reports received before it (the trend's points). What hosts run now, the machine counts and the known"
                    + " versions are never pruned.")
    static final class Prune implements Callable<Integer> {
        @Option(names = "--older-than", required = true, paramLabel = "AGE",
                description = "e.g. 400d, 52w or P400D; at least one day.")
        String olderThan;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            Duration age;
            try {
                age = Ages.parse(olderThan);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--older-than: " + e.getMessage(), e);
            }
            // a typo such as 400m (minutes) would otherwise wipe the whole history
            if (age.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("--older-than: " + olderThan + " is less than a day; history that young is never pruned");
            }
            Instant before = Instant.now().minus(age);
            try (FleetStore s = store.open()) {
                FleetStore.Pruned r = s.prune(before);
                System.out.println("pruned " + r.snapshots() + " replaced package set(s) and " + r.reports()
                        + " report(s) older than " + before + " from " + s.description());
            }
            return ExitCodes.OK;
        }
    }
}
