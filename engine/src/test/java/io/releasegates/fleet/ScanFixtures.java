package io.releasegates.fleet;

import io.releasegates.report.EvidenceJson;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.scan.PackageScanner;
import io.releasegates.scan.ScanRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Real scan evidence for the fleet tests: the engine's scan of the sample releases with the bundled advisories,
 * written as `scan --json` writes it. Scanned once per test JVM (the Dependency-Check engine takes seconds to start).
 */
public final class ScanFixtures {
    private static Path vulnerable;
    private static Path fixed;
    private static GateReport vulnerableReport;
    private static GateReport fixedReport;

    private ScanFixtures() {
    }

    public static synchronized Path vulnerable() {
        scanOnce();
        return vulnerable;
    }

    public static synchronized Path fixed() {
        scanOnce();
        return fixed;
    }

    public static synchronized GateReport vulnerableReport() {
        scanOnce();
        return vulnerableReport;
    }

    public static synchronized GateReport fixedReport() {
        scanOnce();
        return fixedReport;
    }

    private static GateReport osvOnlyReport;

    /** The OSV folder the scans use. */
    public static Path osv() {
        return Path.of(System.getProperty("releasegates.fixtureSources"), "advisories", "osv");
    }

    /** The vulnerable release scanned with the OSV advisories only (no NVD): what purl matching alone finds. */
    public static synchronized GateReport vulnerableOsvOnlyReport() {
        if (osvOnlyReport == null) {
            try {
                Path dir = Files.createTempDirectory("rg-fleet-osvscan");
                osvOnlyReport = PackageScanner.scan(ScanRequest.builder(Path.of(System.getProperty("releasegates.fixtures"))
                        .resolve("sample-vulnerable.war")).osv(osv()).dataDir(dir.resolve("data")).build());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return osvOnlyReport;
    }

    private static void scanOnce() {
        if (vulnerable != null) {
            return;
        }
        try {
            Path fixtures = Path.of(System.getProperty("releasegates.fixtures"));
            Path advisories = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories");
            Path dir = Files.createTempDirectory("rg-fleet-scan");
            vulnerableReport = scan(fixtures.resolve("sample-vulnerable.war"), advisories, dir);
            fixedReport = scan(fixtures.resolve("sample-fixed.war"), advisories, dir);
            fixed = Files.writeString(dir.resolve("fixed.json"), EvidenceJson.render(fixedReport));
            vulnerable = Files.writeString(dir.resolve("vulnerable.json"), EvidenceJson.render(vulnerableReport));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GateReport scan(Path pkg, Path advisories, Path dir) {
        return PackageScanner.scan(ScanRequest.builder(pkg).nvdRecords(advisories.resolve("nvd")).osv(advisories.resolve("osv"))
                .dataDir(dir.resolve("data")).build());
    }

    /**
     * "purl key@version" → advisory ids, straight from the report's findings (independent of the code under test:
     * the purl's version is cut at the last '@').
     */
    public static Map<String, Set<String>> advisoriesByVersion(GateReport report) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Finding f : report.findings()) {
            if (f.properties().containsKey("advisory")) {
                out.computeIfAbsent(f.properties().get("purl"), k -> new TreeSet<>()).add(f.properties().get("advisory"));
            }
        }
        return out;
    }
}
