package io.releasegates.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the serve issue lands: says so and exits 3 rather than pretending to pass. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "(not built yet)")
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("release-gates serve: not built yet");
        return ExitCodes.INTERNAL;
    }
}
