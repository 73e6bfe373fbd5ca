package io.releasegates.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the integrity issue lands: says so and exits 3 rather than pretending to pass. */
@Command(name = "integrity", mixinStandardHelpOptions = true, description = "(not built yet)")
final class IntegrityCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("release-gates integrity: not built yet");
        return ExitCodes.INTERNAL;
    }
}
