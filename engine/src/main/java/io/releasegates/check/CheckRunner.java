package io.releasegates.check;

import io.releasegates.gate.EvidenceFiles;
import io.releasegates.gate.GateRequest;
import io.releasegates.gate.Policy;
import io.releasegates.gate.PolicyReader;
import io.releasegates.gate.Verdict;
import io.releasegates.gate.PromotionGate;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.report.ReportFormat;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The main job: runs every configured step on the release, writes each step's evidence and reports, judges the
 * evidence with the policy and writes the signed verdict and an index page linking everything.
 */
public final class CheckRunner {
    /** Marks a folder as written by check; only such a folder (or a new or empty one) is cleaned before a run. */
    public static final String MARKER = ".release-gates-check";
    static final String DEMO_KEY = "keys/demo-signing-key.pem";
    static final String DEMO_KEY_PUBLIC = "keys/demo-signing-key.pub.pem";
    /**
     * What check writes into its folder, and so what it removes there before a run. Only the demo key's two files of
     * {@code keys/}, never the folder: someone may keep a real key next to them.
     */
    static final List<String> OWNED = List.of("evidence", "reports", "work", DEMO_KEY, DEMO_KEY_PUBLIC,
            CheckResult.VERDICT_JSON, CheckResult.VERDICT_HTML, CheckResult.VERDICT_JUNIT, CheckResult.INDEX);

    private final CheckConfig config;
    private final Path out;
    private final java.util.function.Consumer<String> progress;
    private final boolean warnFails;

    /** @param progress told one line per step as it finishes */
    public CheckRunner(CheckConfig config, Path outDir, java.util.function.Consumer<String> progress) {
        this(config, outDir, progress, false);
    }

    /** @param warnFails WARN conditions fail in the verdict's JUnit XML too */
    public CheckRunner(CheckConfig config, Path outDir, java.util.function.Consumer<String> progress,
                       boolean warnFails) {
        this.config = config;
        this.out = outDir.toAbsolutePath().normalize();
        this.progress = progress;
        this.warnFails = warnFails;
    }

    public CheckResult run(Instant now) throws IOException {
        if (!Files.isRegularFile(config.packageFile())) {
            throw new BadInputException(config.packageFile() + ": package not found (named in " + config.source() + ")");
        }
        Policy policy = PolicyReader.read(config.policy());
        if (!policy.environments().containsKey(config.environment())) {
            throw new BadInputException(config.source() + ": environment '" + config.environment()
                    + "' is not defined in " + config.policy());
        }
        prepareOutput();
        boolean demoKey = config.key() == null;
        SigningKey key = demoKey ? demoKey() : SigningKey.load(config.key());
        if (!key.canSign()) {
            throw new BadInputException(config.key() + ": key " + key.keyId() + " can only verify; check needs the private key");
        }
        String packageSha = Digests.sha256(config.packageFile());

        List<CheckResult.StepResult> results = runSteps(policy, key, packageSha, now);

        Verdict verdict = PromotionGate.judge(GateRequest.builder(config.policy(), config.environment())
                .evidenceDir(out.resolve("evidence")).packageFile(config.packageFile()).key(key).now(Instant.now())
                .warnFails(warnFails).verdictFiles(out.resolve(CheckResult.VERDICT_JSON),
                        out.resolve(CheckResult.VERDICT_HTML), out.resolve(CheckResult.VERDICT_JUNIT)).build());
        CheckResult result = new CheckResult(verdict, results, out, key.keyId(), demoKey);
        ReportWriter.writeAtomically(out.resolve(CheckResult.INDEX), CheckIndex.render(result, config));
        return result;
    }

    /**
     * Steps are independent of each other (each reads the package or its own inputs and writes only its own files), so
     * they run side by side on the available cores; results keep the config's order.
     */
    private List<CheckResult.StepResult> runSteps(Policy policy, SigningKey key, String packageSha, Instant now)
            throws IOException {
        List<CheckConfig.StepConfig> steps = List.copyOf(config.steps().values());
        int threads = Math.max(1, Math.min(steps.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "release-gates-check-step");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CheckResult.StepResult>> futures = new ArrayList<>();
            for (CheckConfig.StepConfig step : steps) {
                futures.add(pool.submit(() -> runStep(step, policy, key, packageSha, now)));
            }
            List<CheckResult.StepResult> results = new ArrayList<>();
            for (Future<CheckResult.StepResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("check interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private CheckResult.StepResult runStep(CheckConfig.StepConfig step, Policy policy, SigningKey key,
                                           String packageSha, Instant now) throws IOException {
        long start = System.nanoTime();
        var impl = Steps.find(step.name());
        if (impl.isEmpty()) {
            String msg = "not available in this build: no evidence written";
            progress.accept("  " + step.name() + ": " + msg);
            return new CheckResult.StepResult(step.name(), CheckResult.State.UNAVAILABLE, null, msg, 0, List.of());
        }
        Path work = Files.createDirectories(out.resolve("work").resolve(step.name()));
        Path reports = Files.createDirectories(out.resolve("reports"));
        String n = step.name();
        GateReport report;
        List<Step.Extra> extras = List.of();
        CheckResult.State state = CheckResult.State.RAN;
        String message;
        try {
            Step.Output output = impl.get().run(new Step.Context(step, config.packageFile(), work, reports, key, now));
            report = output.report();
            extras = output.extras();
            message = report.findings().size() + " finding(s)" + (report.errors().isEmpty() ? ""
                    : ", " + report.errors().size() + " error(s)");
        } catch (BadInputException | IOException | UncheckedIOException e) {
            // the step could not complete: say so in its evidence, which makes the gate block on it
            state = CheckResult.State.FAILED;
            message = "failed: " + oneLine(e.getMessage());
            report = GateReport.builder(step.name()).title(step.name() + " (run failed)")
                    .input(new Input("package", config.packageFile().toString(), packageSha))
                    .error(oneLine(e.getMessage())).build();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Severity threshold = policy.rulesFor(n).blockAt();
        // signed with the run's key, which the gate below checks: evidence edited between step and gate blocks
        EvidenceFiles.write(report, key, out.resolve("evidence").resolve(n + ".json"));
        ReportWriter.write(report, ReportFormat.HTML, threshold, reports.resolve(n + ".html"));
        ReportWriter.write(report, ReportFormat.SARIF, threshold, reports.resolve(n + ".sarif"));
        ReportWriter.write(report, ReportFormat.JUNIT, threshold, reports.resolve(n + ".junit.xml"));
        List<Step.Extra> links = new ArrayList<>(List.of(
                new Step.Extra("HTML", Path.of("reports", n + ".html")),
                new Step.Extra("evidence JSON", Path.of("evidence", n + ".json")),
                new Step.Extra("SARIF", Path.of("reports", n + ".sarif")),
                new Step.Extra("JUnit", Path.of("reports", n + ".junit.xml"))));
        for (Step.Extra e : extras) {
            links.add(new Step.Extra(e.label(), out.relativize(e.file().toAbsolutePath().normalize())));
        }
        progress.accept("  " + n + ": " + message + " (" + millis + " ms)");
        return new CheckResult.StepResult(n, state, report, message, millis, links);
    }

    /**
     * Claims the output folder and removes what an earlier run wrote there, so stale evidence can never be judged
     * again. A folder is check's only when it carries {@value #MARKER} (written when check first used it, new or
     * empty): anything else that is not empty is refused untouched, because {@code work/}, {@code reports/} or
     * {@code index.html} there may be someone's own.
     */
    private void prepareOutput() throws IOException {
        Files.createDirectories(out);
        Path marker = out.resolve(MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            List<String> present;
            try (Stream<Path> s = Files.list(out)) {
                present = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            if (!present.isEmpty()) {
                throw BadInputException.ofSettings(out + ": not empty and not written by release-gates check (no "
                        + MARKER + " file), so nothing in it is deleted; give {0} a new or empty folder (it holds "
                        + String.join(", ", present.stream().limit(5).toList()) + (present.size() > 5 ? ", ..." : "")
                        + ")", "out");
            }
            ReportWriter.writeAtomically(marker, "release-gates check writes this folder: the next check run replaces "
                    + String.join(", ", OWNED) + " here.\n");
        }
        for (String entry : OWNED) {
            deleteTree(out.resolve(entry));
        }
        Files.createDirectories(out.resolve("evidence"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(dir);
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private SigningKey demoKey() throws IOException {
        SigningKey key = SigningKey.generateEd25519();
        Files.createDirectories(out.resolve("keys"));
        key.writePrivate(out.resolve(DEMO_KEY));
        key.writePublic(out.resolve(DEMO_KEY_PUBLIC));
        return key;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
