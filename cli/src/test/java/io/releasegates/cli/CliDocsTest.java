package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md names every command, subcommand and option the command line has. */
class CliDocsTest {
    private static final Set<String> STANDARD = Set.of("--help", "--version");

    @Test
    void shouldDocumentEveryCommandAndOption() throws Exception {
        String docs = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs/cli.md"));
        Set<String> missing = new TreeSet<>();
        int[] seen = new int[1];
        walk(ReleaseGatesCommand.newCommandLine("--help"), "", docs, missing, seen);
        assertThat(seen[0]).as("options seen").isGreaterThan(50);
        assertThat(missing).as("commands and options docs/cli.md does not name").isEmpty();
    }

    private static void walk(CommandLine cli, String path, String docs, Set<String> missing, int[] seen) {
        for (OptionSpec o : cli.getCommandSpec().options()) {
            String name = o.longestName();
            if (STANDARD.contains(name) || o.hidden()) {
                continue;
            }
            seen[0]++;
            if (!docs.contains(name)) {
                missing.add((path.isEmpty() ? "release-gates" : path) + " " + name);
            }
        }
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            String here = path.isEmpty() ? name : path + " " + name;
            if (!docs.contains(here)) {
                missing.add(here);
            }
            walk(sub, here, docs, missing, seen);
        });
    }
}
