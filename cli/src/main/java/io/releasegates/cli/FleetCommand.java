package io.releasegates.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the fleet issue lands: says so and exits 3 rather than pretending to pass. */
@Command(name = "fleet", mixinStandardHelpOptions = true, description = "(not built yet)")
final class FleetCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("release-gates fleet: not built yet");
        return ExitCodes.INTERNAL;
    }
}
