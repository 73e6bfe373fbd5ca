package io.releasegates.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the inventory issue lands: says so and exits 3 rather than pretending to pass. */
@Command(name = "inventory", mixinStandardHelpOptions = true, description = "(not built yet)")
final class InventoryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("release-gates inventory: not built yet");
        return ExitCodes.INTERNAL;
    }
}
