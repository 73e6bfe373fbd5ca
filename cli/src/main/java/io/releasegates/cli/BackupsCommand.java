package io.releasegates.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the backups issue lands: says so and exits 3 rather than pretending to pass. */
@Command(name = "backups", mixinStandardHelpOptions = true, description = "(not built yet)")
final class BackupsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("release-gates backups: not built yet");
        return ExitCodes.INTERNAL;
    }
}
