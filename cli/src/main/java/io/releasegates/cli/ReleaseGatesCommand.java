package io.releasegates.cli;

import io.releasegates.report.BadInputException;
import io.releasegates.report.ToolVersion;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code release-gates COMMAND …}. Exit codes: 0 ok, 1 findings/blocked, 2 bad input, 3 internal error. */
@Command(name = "release-gates", mixinStandardHelpOptions = true, versionProvider = ReleaseGatesCommand.Version.class,
        description = "Keeps risky releases out of production: inventory, scan, backups, integrity, promotion gate, fleet.")
public final class ReleaseGatesCommand implements Runnable {
    /**
     * The commands, in the order the usage lists them. Registered here rather than in the annotation so that a run
     * builds the picocli model of the one command it runs: modelling all of them by reflection is a tenth of a
     * short run's start-up.
     */
    private static final Map<String, Class<?>> COMMANDS = commands();
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        StackTraceFilter.install();
        quietJavaUtilLogging();
        if (System.getProperty("releasegates.cds.marker") != null) {
            // a first run records its classes and starts slowly on a busy machine: a line now, before picocli and the
            // command's own classes load
            System.err.println("release-gates: first run of this command: Java records the classes it loads, so "
                    + "later runs start faster…");
            System.err.flush();
        }
        touchLauncherMarker(".started");
        int code = run(args);
        announceArchive(code);
        System.err.flush();
        System.exit(code);
    }

    /**
     * When the launcher has the JVM write a class-data archive at exit (releasegates.cds.marker set), that dump can
     * take many seconds after the last line: say so, and leave the marker file (MARKER.ended) that tells the launcher
     * to print a "still writing" line while it lasts. Runs that keep no archive (usage errors) say nothing.
     */
    private static void announceArchive(int code) {
        String marker = System.getProperty("releasegates.cds.marker");
        if (marker == null || code > ExitCodes.FINDINGS) {
            return;
        }
        System.err.println("release-gates: writing a class-data archive of this command, so later runs start faster "
                + "(first run only)…");
        System.err.flush();
        touchLauncherMarker(".ended");
    }

    /** MARKER.started / MARKER.ended tell the launcher's progress ticker how far the JVM is (see release-gates). */
    private static void touchLauncherMarker(String suffix) {
        String marker = System.getProperty("releasegates.cds.marker");
        if (marker == null) {
            return;
        }
        try {
            java.nio.file.Path file = java.nio.file.Path.of(marker + suffix);
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.createFile(file);
        } catch (java.io.IOException | RuntimeException e) {
            // only the launcher's progress line depends on it
        }
    }

    /**
     * Runs without exiting, for tests and embedding. An Error escapes picocli's handler (it catches Exceptions only)
     * and would print a thousand-frame trace with exit 1, the "findings" code: here it is one line. A stack overflow
     * comes from input nested deeper than a reader's recursion can go, so it is bad input.
     */
    public static int run(String... args) {
        try {
            return newCommandLine(args).execute(args);
        } catch (StackOverflowError e) {
            System.err.println("release-gates: input nested too deeply to read (stack overflow)");
            debugTrace(e);
            return ExitCodes.BAD_INPUT;
        } catch (OutOfMemoryError e) {
            System.err.println("release-gates: out of memory (raise -Xmx, or the input is too large)");
            debugTrace(e);
            return ExitCodes.INTERNAL;
        }
    }

    private static void debugTrace(Throwable e) {
        if (System.getenv("RELEASE_GATES_DEBUG") != null) {
            e.printStackTrace();
        }
    }

    /** java.util.logging's console handler prints records with their traces to stderr: silenced unless debugging. */
    private static void quietJavaUtilLogging() {
        if (System.getenv("RELEASE_GATES_DEBUG") == null) {
            java.util.logging.LogManager.getLogManager().reset();
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        }
    }

    static CommandLine newCommandLine(String... args) {
        CommandLine cli = new CommandLine(new ReleaseGatesCommand());
        // `help COMMAND` needs them all
        Class<?> only = args.length > 0 && !"help".equals(args[0]) ? COMMANDS.get(args[0]) : null;
        if (only != null) {
            cli.addSubcommand(args[0], only);
        } else {
            COMMANDS.forEach(cli::addSubcommand);
        }
        cli.setExecutionExceptionHandler(ReleaseGatesCommand::handle);
        cli.setParameterExceptionHandler((ex, badArgs) -> {
            ex.getCommandLine().getErr().println("release-gates: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        return cli;
    }

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("inventory", InventoryCommand.class);
        commands.put("scan", ScanCommand.class);
        commands.put("backups", BackupsCommand.class);
        commands.put("integrity", IntegrityCommand.class);
        commands.put("gate", GateCommand.class);
        commands.put("check", CheckCommand.class);
        commands.put("fleet", FleetCommand.class);
        commands.put("data", DataCommand.class);
        commands.put("serve", ServeCommand.class);
        commands.put("monitor", MonitorCommand.class);
        commands.put("probe", ProbeCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(commands);
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof BadInputException || ex instanceof IllegalArgumentException
                || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            // the engine names settings by key (nvd-api-url); here they are the flags (--nvd-api-url)
            String message = ex instanceof BadInputException bad ? bad.message(key -> "--" + key) : ex.getMessage();
            err.println("release-gates: " + oneLine(message));
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
