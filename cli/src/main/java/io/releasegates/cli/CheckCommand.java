package io.releasegates.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the check issue lands: says so and exits 3 rather than pretending to pass. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "(not built yet)")
final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("release-gates check: not built yet");
        return ExitCodes.INTERNAL;
    }
}
