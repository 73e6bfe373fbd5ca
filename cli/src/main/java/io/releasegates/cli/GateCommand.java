package io.releasegates.cli;

import io.releasegates.duration.Ages;
import io.releasegates.gate.Condition;
import io.releasegates.gate.GateRequest;
import io.releasegates.gate.PromotionGate;
import io.releasegates.gate.ResultGroups;
import io.releasegates.gate.Policy;
import io.releasegates.gate.Status;
import io.releasegates.gate.Verdict;
import io.releasegates.gate.VerdictKeys;
import io.releasegates.gate.VerdictVerifier;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code release-gates gate}: judges the evidence of a release against a policy; {@code gate verify} checks a verdict. */
@Command(name = "gate", mixinStandardHelpOptions = true, subcommands = GateCommand.Verify.class,
        description = {"Judges all evidence of a release against a policy for one environment: PASS, WARN or BLOCK "
                + "with every reason. Fails closed on missing, unreadable, incomplete, stale or foreign evidence.",
                "Exit codes: 0 PASS (and WARN unless --warn-fails), 1 BLOCK, 2 bad usage or input, 3 internal error."})
final class GateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML (docs/policy.md). Required.")
    Path policy;

    @Option(names = "--evidence", paramLabel = "DIR",
            description = "Directory of evidence JSON files, one per step (docs/evidence.md). Required.")
    Path evidence;

    @Option(names = "--environment", paramLabel = "ENV",
            description = "Environment to promote to; must be defined in the policy. Required.")
    String environment;

    @Option(names = "--package", paramLabel = "FILE",
            description = "The package being promoted; all package evidence must be about exactly this file.")
    Path packageFile;

    @Option(names = "--key", paramLabel = "KEYFILE",
            description = "Sign the verdict with this key (Ed25519 PEM private key or HMAC-SHA256 hex secret). Every "
                    + "evidence file must then carry a valid signature by the same key (written with the steps' "
                    + "--evidence-key), else the gate blocks (RG-GATE-EVIDENCE-UNSIGNED, RG-GATE-EVIDENCE-SIGNATURE).")
    Path key;

    @Option(names = "--warn-fails", description = "Exit 1 on WARN too.")
    boolean warnFails;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the verdict JSON here.")
    Path output;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the verdict as HTML here.")
    Path html;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here (one test case per condition).")
    Path junit;

    @Override
    public Integer call() throws IOException {
        // not picocli-required: that would also demand them for 'gate verify'
        java.util.List<String> missing = new java.util.ArrayList<>();
        if (policy == null) {
            missing.add("'--policy=FILE'");
        }
        if (evidence == null) {
            missing.add("'--evidence=DIR'");
        }
        if (environment == null) {
            missing.add("'--environment=ENV'");
        }
        if (!missing.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option(s): " + String.join(", ", missing));
        }
        // the verdict's key also checks every evidence file: a signed verdict never stands on unsigned evidence
        GateRequest request = GateRequest.builder(policy, environment).evidenceDir(evidence).packageFile(packageFile)
                .keyFile(key).warnFails(warnFails).verdictFiles(output, html, junit).now(Instant.now()).build();
        Verdict verdict = PromotionGate.judge(request);
        print(spec.commandLine().getOut(), verdict, request.signer() == null ? "" : request.signer().keyId());
        return exitCode(verdict, warnFails);
    }

    static void print(PrintWriter out, Verdict v, String signedBy) {
        out.println("Promotion to " + v.environment() + ": " + v.status().label()
                + (v.packageSha256().isEmpty() ? "" : "  (" + v.packagePath() + ", sha256 " + v.packageSha256() + ")"));
        // grouped by component with file, severity and rule (the verdict JSON and JUnit XML keep one line each)
        ResultListing.print(out, ResultGroups.ofConditions(v.conditions()), ResultListing.colour());
        out.println("  " + v.count(Status.BLOCK) + " blocking, " + v.count(Status.WARN) + " warning, " + v.waived()
                + " waived, " + v.count(Status.PASS) + " passed condition(s)"
                + (signedBy.isEmpty() ? "; verdict not signed" : "; verdict signed by " + signedBy));
        out.flush();
    }

    static int exitCode(Verdict v, boolean warnFails) {
        return switch (v.status()) {
            case BLOCK -> ExitCodes.FINDINGS;
            case WARN -> warnFails ? ExitCodes.FINDINGS : ExitCodes.OK;
            default -> ExitCodes.OK;
        };
    }

    /** {@code gate verify VERDICT --package FILE --key KEYFILE --environment ENV [--max-age D] [--evidence DIR]}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Checks that a verdict is signed by the key, unchanged, about exactly this package, for this "
                    + "environment, young enough, stands on evidence the gate verified with the same key, and is not "
                    + "BLOCK.", "Exit codes: 0 the package may be promoted, 1 it may not, 2 bad input."})
    static final class Verify implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "VERDICT", description = "Verdict JSON written by 'gate -o'.")
        Path verdict;

        @Option(names = "--package", required = true, paramLabel = "FILE", description = "The package to promote.")
        Path packageFile;

        @Option(names = "--key", required = true, paramLabel = "KEYFILE",
                description = "Key to check the signature with (Ed25519 public or private PEM, or HMAC hex secret).")
        Path key;

        @Option(names = "--environment", required = true, paramLabel = "ENV",
                description = "The environment being promoted to: a verdict made for another environment is refused.")
        String environment;

        @Option(names = "--max-age", paramLabel = "DURATION",
                description = "Refuse a verdict made longer ago than this (e.g. 30m, 24h, 7d, PT24H).")
        String maxAge;

        @Option(names = "--evidence", paramLabel = "DIR",
                description = "Re-hash every evidence file the verdict records in DIR; a missing or changed file is "
                        + "refused.")
        Path evidence;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(packageFile)) {
                throw new BadInputException(packageFile + ": package file not found");
            }
            Duration max = null;
            if (maxAge != null) {
                try {
                    max = Ages.parse(maxAge);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--max-age: " + e.getMessage(), e);
                }
            }
            VerdictVerifier.Result r = VerdictVerifier.verify(verdict, packageFile, VerdictKeys.load(key),
                    new VerdictVerifier.Pins(environment, max, evidence, Instant.now()));
            PrintWriter out = spec.commandLine().getOut();
            if (r.ok()) {
                out.println("OK: " + packageFile + " (sha256 " + r.packageSha256() + ") passed the gate for "
                        + r.verdict().environment() + " with " + r.verdict().status().label() + "; " + r.signature());
                out.flush();
                return ExitCodes.OK;
            }
            out.println("REFUSED: " + packageFile + " (sha256 " + r.packageSha256() + ") may not be promoted on "
                    + verdict + ":");
            r.problems().forEach(p -> out.println("  " + p));
            out.flush();
            return ExitCodes.FINDINGS;
        }
    }
}
