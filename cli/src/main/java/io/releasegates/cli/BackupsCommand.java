package io.releasegates.cli;

import io.releasegates.backup.BackupVerifier;
import io.releasegates.backup.BackupsRequest;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code release-gates backups verify}: 3-2-1 layout, freshness, checksums, archives and restore drills. */
@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "Verify backups: 3-2-1 layout, freshness, checksums, archives and rotating restore drills.",
        subcommands = {BackupsCommand.Verify.class, CommandLine.HelpCommand.class})
final class BackupsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify every backup set in the config, read-only, and report every problem.",
                    "Exit 0 when all checks pass, 1 when any fails, 2 on bad config."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "backups.yml (docs/backups.md)")
        Path config;

        @Option(names = "--as-of", paramLabel = "TIMESTAMP", converter = TimestampConverter.class,
                description = "Judge freshness as of this moment (ISO-8601, e.g. 2026-11-28T06:00:00Z; default: now).")
        Instant asOf;

        @Option(names = "--state", paramLabel = "FILE",
                description = "Drill rotation state (default: drill.state-file of the config, else .backup-drills.json next to it).")
        Path state;

        @Mixin
        ReportOptions reports;

        @Override
        public Integer call() throws Exception {
            reports.threshold();
            GateReport report = BackupVerifier.verify(new BackupsRequest(config, asOf, state, System.getenv()));
            print(report, spec.commandLine().getOut());
            return reports.writeAndDecide(report);
        }

        private static void print(GateReport report, PrintWriter out) {
            out.printf("backups: %d set(s), %d of %d cop(ies) reachable, %d file(s), %d drilled; %d finding(s)%n",
                    report.summary().getOrDefault("sets", 0L), report.summary().getOrDefault("copiesReachable", 0L),
                    report.summary().getOrDefault("copies", 0L), report.summary().getOrDefault("files", 0L),
                    report.summary().getOrDefault("filesDrilled", 0L), report.findings().size());
            for (Finding f : report.findings()) {
                out.printf("  [%s] %s %s: %s%n", f.severity().label(), f.ruleId(), f.subject(), f.message());
            }
            out.flush();
        }
    }

    /** Accepts an instant, a date-time with offset, a UTC date-time, or a date (midnight UTC). */
    static final class TimestampConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException ignored) {
                // try the friendlier forms below
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException ignored) {
                // next
            }
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                // next
            }
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a timestamp (use ISO-8601, e.g. 2026-11-28T06:00:00Z)");
            }
        }
    }
}
