package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level command: which subcommands a run models, and that usage and errors still name them all. */
class ReleaseGatesCommandTest {

    @Test
    void shouldModelOnlyTheCommandARunNames() {
        CommandLine cli = ReleaseGatesCommand.newCommandLine("integrity", "check", "/etc");

        assertThat(cli.getSubcommands()).containsOnlyKeys("integrity");
        assertThat(cli.getSubcommands().get("integrity").getSubcommands()).containsKeys("baseline", "check", "keygen");
    }

    @Test
    void shouldListEveryCommandInTheUsage() {
        StringWriter out = new StringWriter();
        int code = ReleaseGatesCommand.newCommandLine("--help").setOut(new PrintWriter(out, true)).execute("--help");

        assertThat(code).isZero();
        assertThat(ReleaseGatesCommand.newCommandLine("--help").getSubcommands())
                .containsOnlyKeys("inventory", "scan", "backups", "integrity", "gate", "check", "fleet", "data", "monitor", "serve", "probe", "help");
        assertThat(out.toString()).contains("inventory", "scan", "backups", "integrity", "gate", "check", "fleet", "data", "monitor", "serve", "probe");
    }

    @Test
    void shouldRejectAnUnknownCommandWithExitTwoAndTheUsageHint() {
        StringWriter err = new StringWriter();
        int code = ReleaseGatesCommand.newCommandLine("deploy").setErr(new PrintWriter(err, true)).execute("deploy");

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("deploy").contains("release-gates --help");
    }

    @Test
    void shouldRunHelpForACommandThroughTheHelpCommand() {
        StringWriter out = new StringWriter();
        int code = ReleaseGatesCommand.newCommandLine("help", "scan").setOut(new PrintWriter(out, true))
                .execute("help", "scan");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: release-gates scan");
    }
}
