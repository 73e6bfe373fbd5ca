package io.releasegates.cli;

import io.releasegates.report.BadInputException;
import io.releasegates.report.ToolVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code release-gates COMMAND …}. Exit codes: 0 ok, 1 findings/blocked, 2 bad input, 3 internal error. */
@Command(name = "release-gates", mixinStandardHelpOptions = true, versionProvider = ReleaseGatesCommand.Version.class,
        description = "Keeps risky releases out of production: inventory, scan, backups, integrity, promotion gate, fleet.",
        subcommands = {
                InventoryCommand.class,
                ScanCommand.class,
                BackupsCommand.class,
                IntegrityCommand.class,
                GateCommand.class,
                CheckCommand.class,
                FleetCommand.class,
                ServeCommand.class,
                CommandLine.HelpCommand.class
        })
public final class ReleaseGatesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs without exiting, for tests and embedding. */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new ReleaseGatesCommand());
        cli.setExecutionExceptionHandler(ReleaseGatesCommand::handle);
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("release-gates: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        return cli;
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof BadInputException || ex instanceof IllegalArgumentException
                || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            err.println("release-gates: " + oneLine(ex.getMessage()));
            return ExitCodes.BAD_INPUT;
        }
        err.println("release-gates: internal error: " + oneLine(String.valueOf(ex)));
        if (System.getenv("RELEASE_GATES_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return ExitCodes.INTERNAL;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"release-gates " + ToolVersion.get()};
        }
    }
}
