package io.releasegates.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the gate issue lands: says so and exits 3 rather than pretending to pass. */
@Command(name = "gate", mixinStandardHelpOptions = true, description = "(not built yet)")
final class GateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("release-gates gate: not built yet");
        return ExitCodes.INTERNAL;
    }
}
