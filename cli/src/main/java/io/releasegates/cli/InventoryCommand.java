package io.releasegates.cli;

import io.releasegates.inventory.CycloneDx;
import io.releasegates.inventory.Inventory;
import io.releasegates.inventory.InventoryRequest;
import io.releasegates.inventory.InventoryResult;
import io.releasegates.inventory.PackageInventory;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code release-gates inventory}: a CycloneDX 1.6 SBOM of a package or of a host. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = {"Lists every component and version in a release package (WAR, EAR, JAR, Spring Boot jar, ZIP, "
                + "TAR.GZ or directory) or on a host, as a CycloneDX 1.6 SBOM.",
                "Exit codes: 0 ok, 1 findings at or above --fail-on (archive bombs, unsafe names, SBOM differences), "
                        + "2 bad input or incomplete inventory, 3 internal error."})
final class InventoryCommand implements Callable<Integer> {
    private static final int MAX_LISTED_FINDINGS = 50;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "The package or directory to inventory.")
    Path path;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the SBOM here (default: standard output).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "json or xml (default: from the -o file extension, else json).")
    String format;

    @Option(names = "--maven-repo", paramLabel = "DIR",
            description = "Maven repository whose jars identify jars without Maven metadata by SHA-1 "
                    + "(default: -Dmaven.repo.local or ~/.m2/repository).")
    Path mavenRepo;

    @Option(names = "--compare", paramLabel = "SBOM",
            description = "A declared CycloneDX SBOM (JSON or XML) to compare with the package: missing, undeclared "
                    + "and version-mismatched components become findings.")
    Path compare;

    @Option(names = "--host", description = "Inventory the OS packages (dpkg, rpm, apk) and the running JVM instead.")
    boolean host;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "With --host: the file system root to read (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary.")
    boolean quiet;

    @Mixin
    ChecksumSearchOptions checksumSearch;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (host == (path != null)) {
            err.println("release-gates: inventory needs either PATH or --host (not both)");
            return ExitCodes.BAD_INPUT;
        }
        CycloneDx.Format fmt = format != null ? CycloneDx.Format.parse(format)
                : output != null && output.toString().toLowerCase(Locale.ROOT).endsWith(".xml")
                ? CycloneDx.Format.XML : CycloneDx.Format.JSON;
        InventoryRequest request = InventoryRequest.builder().packagePath(path).host(host, root).mavenRepo(mavenRepo)
                .checksumSearch(host ? null : checksumSearch.search()).compare(compare).format(fmt).sbom(output).build();
        boolean terminal = !host && System.console() != null && !quiet;
        InventoryResult result = PackageInventory.run(request, terminal ? line -> {
            err.print("\rinventory: " + (line.length() > 70 ? line.substring(0, 70) : line) + "\u001b[K");
            err.flush();
        } : line -> { });
        if (terminal) {
            err.print("\r\u001b[K");
            err.flush();
        }
        if (output == null) {
            out.print(CycloneDx.toString(result.inventory(), fmt));
            out.println();
            out.flush();
        }
        if (!quiet) {
            // with the SBOM on stdout, people read the summary on stderr
            summarise(output != null ? out : err, result.inventory(), result.report());
        }
        return report.writeAndDecide(result.report());
    }

    private static void summarise(PrintWriter w, Inventory inventory, GateReport gateReport) {
        // every component, as the findings' "N of M components" count them (the summary's "components" is the top level)
        w.printf("inventory of %s: %d components (%s of them nested, %s without purl), %d findings%s%n", inventory.subject(),
                inventory.all().count(), gateReport.summary().get("nested"),
                gateReport.summary().get("unidentified"), inventory.findings().size(),
                inventory.complete() ? "" : ", INCOMPLETE");
        int listed = 0;
        for (Finding f : gateReport.findings()) {
            if (listed++ == MAX_LISTED_FINDINGS) {
                w.printf("  … and %d more findings%n", gateReport.findings().size() - MAX_LISTED_FINDINGS);
                break;
            }
            w.printf("  %-8s %s %s%s%n", f.severity().name().toLowerCase(Locale.ROOT), f.ruleId(),
                    f.location().isEmpty() ? "" : f.location() + ": ", f.message());
        }
        for (String e : inventory.errors()) {
            w.println("  error: " + e);
        }
        w.flush();
    }
}
