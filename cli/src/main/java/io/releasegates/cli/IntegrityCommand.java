package io.releasegates.cli;

import io.releasegates.integrity.BaselineFile;
import io.releasegates.integrity.Baseline;
import io.releasegates.integrity.EntryType;
import io.releasegates.integrity.IntegrityChecker;
import io.releasegates.integrity.IntegrityRequest;
import io.releasegates.integrity.PathFilter;
import io.releasegates.integrity.SeverityRule;
import io.releasegates.signing.SigningKey;
import io.releasegates.integrity.TreeEntry;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code release-gates integrity baseline|check|watch|approve|keygen}: signed baselines, drift checks, alerts. */
@Command(name = "integrity", mixinStandardHelpOptions = true,
        description = "Config-file integrity: signed baselines, and drift against a baseline or against git.",
        subcommands = {IntegrityCommand.BaselineCommand.class, IntegrityCommand.Check.class, IntegrityWatchCommand.class,
                IntegrityApproveCommand.class, IntegrityCommand.Keygen.class})
final class IntegrityCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static SigningKey loadKey(Path file) {
        return file == null ? null : SigningKey.load(file);
    }

    @Command(name = "baseline", mixinStandardHelpOptions = true,
            description = "Record type, size, mode, owner, group and SHA-256 of every path under DIR, signed with --key.")
    static final class BaselineCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "Tree to record.")
        Path dir;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Baseline JSON to write.")
        Path output;

        @Option(names = "--key", paramLabel = "KEYFILE",
                description = "Ed25519 private key (PEM) or HMAC secret (hex) that signs the baseline.")
        Path key;

        @Option(names = "--include", paramLabel = "GLOB", description = "Record only matching paths (repeatable).")
        List<String> includes = new ArrayList<>();

        @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip matching paths (repeatable).")
        List<String> excludes = new ArrayList<>();

        @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: all cores).")
        Integer threads;

        @Option(names = "--severity", paramLabel = "GLOB=LEVEL",
                description = "Severity of 'integrity watch' alerts on matching paths, first match wins, e.g. "
                        + "'sudoers*=critical' (repeatable; default high). Signed with the baseline.")
        List<String> severities = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<SeverityRule> rules = new ArrayList<>();
            for (String s : severities) {
                try {
                    rules.add(SeverityRule.parse(s));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--severity: " + e.getMessage());
                }
            }
            SigningKey signer = loadKey(key);
            if (signer != null && !signer.canSign()) {
                throw new BadInputException(key + ": a public key can only verify; sign with the private key");
            }
            IntegrityChecker checker = threads == null ? new IntegrityChecker() : new IntegrityChecker(threads);
            Baseline baseline = checker.baseline(dir, new PathFilter(includes, excludes)).withSeverities(rules);
            BaselineFile.write(baseline, output, signer);
            PrintWriter err = spec.commandLine().getErr();
            long files = baseline.entries().stream().filter(e -> e.type() == EntryType.FILE).count();
            err.printf("integrity: recorded %d paths (%d files) under %s into %s, %s%n", baseline.entries().size(),
                    files, dir, output, signer == null ? "UNSIGNED (no --key)" : "signed by " + signer.keyId());
            for (TreeEntry e : baseline.entries()) {
                if (e.problem() != null) {
                    err.printf("integrity: warning: %s: %s%n", e.path(), e.problem());
                } else if (e.type().isSpecial()) {
                    err.printf("integrity: warning: %s is a %s: recorded, never read%n", e.path(), e.type().label());
                }
            }
            err.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Report drift of DIR against a signed baseline (--baseline) or the approved state in git (--git).",
                    "Exit 0 clean, 1 findings at or above --fail-on, 2 bad input."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "Deployed tree to check.")
        Path dir;

        @Option(names = "--baseline", paramLabel = "FILE", description = "Baseline written by 'integrity baseline'.")
        Path baseline;

        @Option(names = "--key", paramLabel = "KEYFILE",
                description = "Verifies the baseline: Ed25519 public (or private) key PEM, or the HMAC secret.")
        Path key;

        @Option(names = "--git", paramLabel = "REPO", description = "Git repository (bare or clone) holding the approved tree.")
        Path git;

        @Option(names = "--ref", paramLabel = "REF", defaultValue = "HEAD",
                description = "Commit, branch or tag in --git (default: ${DEFAULT-VALUE}).")
        String ref;

        @Option(names = "--path", paramLabel = "SUBDIR", description = "Directory inside the commit that DIR deploys.")
        String subdir;

        @Option(names = "--include", paramLabel = "GLOB", description = "With --git: compare only matching paths (repeatable).")
        List<String> includes = new ArrayList<>();

        @Option(names = "--exclude", paramLabel = "GLOB",
                description = "Skip matching paths (repeatable); with --baseline, added to the recorded excludes.")
        List<String> excludes = new ArrayList<>();

        @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: all cores).")
        Integer threads;

        @Mixin
        ReportOptions reportOptions;

        @Override
        public Integer call() throws Exception {
            if ((baseline == null) == (git == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --baseline FILE or --git REPO");
            }
            if (baseline != null && (!includes.isEmpty() || subdir != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--include and --path apply to --git only (a baseline keeps its own includes)");
            }
            if (git != null && key != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--key applies to --baseline only");
            }
            reportOptions.threshold();
            IntegrityRequest request = baseline != null
                    ? IntegrityRequest.baseline(dir, baseline, loadKey(key))
                    : IntegrityRequest.git(dir, git, ref, subdir).withIncludes(includes);
            // --threads 0 or less has always meant one thread; 0 in the request means all cores
            GateReport report = IntegrityChecker.check(request.withExcludes(excludes)
                    .withThreads(threads == null ? 0 : Math.max(1, threads)));
            print(report, spec.commandLine().getOut());
            return reportOptions.writeAndDecide(report);
        }

        private static void print(GateReport report, PrintWriter out) {
            out.println(report.title());
            for (Finding f : report.findings()) {
                out.printf("  %-8s %-20s %s%n", f.severity().label().toUpperCase(Locale.ROOT), f.ruleId(), f.message());
            }
            out.printf("%d finding(s); %d paths on disk, %d approved, %d drifted%n", report.findings().size(),
                    report.summary().getOrDefault("pathsOnDisk", 0L), report.summary().getOrDefault("pathsApproved", 0L),
                    report.summary().getOrDefault("pathsDrifted", 0L));
            out.flush();
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Create a signing key: Ed25519 (private KEYFILE plus public KEYFILE.pub) or an HMAC-SHA256 secret.")
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "KEYFILE", description = "Private key file to write (mode 600).")
        Path output;

        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "ed25519",
                description = "ed25519 or hmac (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--public", paramLabel = "FILE", description = "Ed25519 public key file (default: KEYFILE.pub).")
        Path publicFile;

        @Option(names = "--force", description = "Overwrite existing key files.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            SigningKey key = switch (type.toLowerCase(Locale.ROOT)) {
                case "ed25519" -> SigningKey.generateEd25519();
                case "hmac", "hmac-sha256" -> SigningKey.generateHmac();
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown key type '" + type + "' (expected ed25519 or hmac)");
            };
            Path pub = publicFile != null ? publicFile : output.resolveSibling(output.getFileName() + ".pub");
            boolean ed = key.algorithm() == SigningKey.Algorithm.ED25519;
            for (Path p : ed ? List.of(output, pub) : List.of(output)) {
                if (Files.exists(p) && !force) {
                    throw new BadInputException(p + ": exists; refusing to overwrite a key (use --force)");
                }
            }
            key.writePrivate(output);
            PrintWriter out = spec.commandLine().getOut();
            if (ed) {
                key.writePublic(pub);
                out.printf("wrote Ed25519 private key %s and public key %s (key id %s)%n", output, pub, key.keyId());
            } else {
                out.printf("wrote HMAC-SHA256 secret %s (key id %s)%n", output, key.keyId());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
