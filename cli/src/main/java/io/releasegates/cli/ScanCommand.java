package io.releasegates.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the scan issue lands: says so and exits 3 rather than pretending to pass. */
@Command(name = "scan", mixinStandardHelpOptions = true, description = "(not built yet)")
final class ScanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("release-gates scan: not built yet");
        return ExitCodes.INTERNAL;
    }
}
