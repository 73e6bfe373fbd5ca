package io.releasegates.cli;

import io.releasegates.check.CheckConfig;
import io.releasegates.check.CheckConfigReader;
import io.releasegates.check.CheckResult;
import io.releasegates.check.CheckRunner;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code release-gates check}: the main job — every configured step on a release, then the promotion gate. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Runs every configured step (inventory, scan, backups, integrity) on a release, then the "
                + "promotion gate, and writes all reports into one folder with an index.html.",
                "Without --config it runs the bundled demo (" + CheckCommand.DEMO_CONFIG + ", the vulnerable sample "
                        + "release), which blocks; test-fixtures/demo/release-gates-fixed.yml is the fixed sample.",
                "Exit codes: 0 PASS (and WARN unless --warn-fails), 1 BLOCK, 2 bad usage or input (also when a step could "
                        + "not read its input; the reports are still written), 3 internal error."})
final class CheckCommand implements Callable<Integer> {
    static final String DEMO_CONFIG = "test-fixtures/demo/release-gates.yml";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Check config (docs/check.md); default: the bundled demo " + DEMO_CONFIG + ".")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/release-gates",
            description = "Folder for all reports (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--warn-fails", description = "Exit 1 on WARN too.")
    boolean warnFails;

    @Override
    public Integer call() throws Exception {
        // Dependency-Check (inside the scan step) logs through slf4j-simple; keep its INFO chatter off the console
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                    System.getenv("RELEASE_GATES_DEBUG") != null ? "info" : "warn");
        }
        Path file = config != null ? config : demoConfig();
        CheckConfig cfg = CheckConfigReader.read(file);
        if (config == null && !Files.isRegularFile(cfg.packageFile())) {
            throw new BadInputException(cfg.packageFile() + ": the demo's sample release is not built yet; run "
                    + "'./mvnw -q -B -Dmaven.test.skip=true package' first (./release-gates does it when the jar or the sample "
                    + "is missing)");
        }
        String apiKey = scanApiKey(cfg);
        if (apiKey == null) {
            return run(cfg, file);
        }
        // as in `scan`: no library log line may print the NVD API key the scan step reads from the environment
        return MaskingOutputStream.withMasked(apiKey, () -> run(cfg, file));
    }

    /** The key the scan step will read ({@code steps.scan.nvd-api-key-env} or {@code -file}), or null. */
    private static String scanApiKey(CheckConfig cfg) {
        CheckConfig.StepConfig scan = cfg.steps().get("scan");
        try {
            return scan == null ? null : scan.secret("nvd-api-key");
        } catch (BadInputException e) {
            return null; // the scan step itself reports the missing variable or file
        }
    }

    private int run(CheckConfig cfg, Path file) throws IOException {
        PrintWriter outWriter = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("release-gates check: " + cfg.packageFile() + " for " + cfg.environment() + " ("
                + file + ")");
        CheckResult result;
        try (StepHeartbeat heartbeat = new StepHeartbeat(cfg.steps().keySet(), err)) {
            result = new CheckRunner(cfg, out, heartbeat, warnFails).run(Instant.now());
        }
        GateCommand.print(outWriter, result.verdict(), result.keyId());
        outWriter.println("Reports: " + result.outDir().resolve(CheckResult.INDEX));
        if (cfg.release() != null && failedSteps(result) == 0 && GateCommand.exitCode(result.verdict(), warnFails) == ExitCodes.OK) {
            recordRelease(cfg, result, outWriter);
        }
        if (result.demoKey()) {
            outWriter.println("Signing key: a throw-away demo key in " + result.outDir().resolve("keys")
                    + " (set 'key:' in the config to sign with yours)");
        }
        outWriter.flush();
        var failed = result.steps().stream().filter(s -> s.state() == CheckResult.State.FAILED).toList();
        if (!failed.isEmpty()) {
            // the reports are written and the gate blocked on it, but the input needs fixing, not the release
            failed.forEach(s -> err.println("release-gates: step " + s.name() + " could not run: "
                    + s.report().errors().get(0)));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        return GateCommand.exitCode(result.verdict(), warnFails);
    }

    private static long failedSteps(CheckResult result) {
        return result.steps().stream().filter(s -> s.state() == CheckResult.State.FAILED).count();
    }

    /** A release that may be promoted is recorded for monitoring, with the components of the inventory's SBOM. */
    private static void recordRelease(CheckConfig cfg, CheckResult result, PrintWriter out) throws IOException {
        Path sbom = result.outDir().resolve("reports").resolve("inventory.cdx.json");
        try (io.releasegates.fleet.store.FleetStore s = io.releasegates.fleet.store.FleetStores.open(cfg.release().store())) {
            var r = io.releasegates.pipeline.FleetReporting.recordRelease(s, Files.readAllBytes(sbom), sbom.toString(),
                    cfg.release().name(), cfg.release().version(), cfg.environment(), Instant.now());
            out.println("Release " + r.name() + " " + r.version() + " recorded for monitoring in " + s.description()
                    + " (" + r.components() + " components)");
        }
        out.flush();
    }

    private static Path demoConfig() {
        Path demo = Path.of(DEMO_CONFIG);
        if (!Files.isRegularFile(demo)) {
            throw new BadInputException(DEMO_CONFIG + ": bundled demo not found in " + Path.of("").toAbsolutePath()
                    + "; run from the repository root or give --config FILE");
        }
        return demo;
    }
}
