package io.releasegates.cli;

import io.releasegates.integrity.BaselineApproval;
import io.releasegates.signing.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code release-gates integrity approve}: re-signs the baseline for an intended change, so it stops alerting. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Record the current state of DIR (or only of the given PATHs) into the signed baseline.",
                "The old baseline must verify with --key, which must be able to sign. Exit 0 done, 2 bad input."})
final class IntegrityApproveCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The monitored tree.")
    Path dir;

    @Parameters(index = "1..*", paramLabel = "PATH", description = "Paths (relative to DIR, or absolute below it) to "
            + "approve, each with everything below it; none: the whole tree.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "The baseline to update.")
    Path baseline;

    @Option(names = "--key", required = true, paramLabel = "KEYFILE",
            description = "Ed25519 private key (PEM) or HMAC secret (hex) that signed the baseline.")
    Path key;

    @Override
    public Integer call() throws Exception {
        BaselineApproval.Result r = BaselineApproval.approve(dir, baseline, SigningKey.load(key), paths);
        PrintWriter out = spec.commandLine().getOut();
        for (String p : r.approved()) {
            out.println("approved " + p);
        }
        out.printf("integrity: %d path(s) approved into %s (%d paths recorded)%n", r.approved().size(), baseline,
                r.baseline().entries().size());
        out.flush();
        return ExitCodes.OK;
    }
}
