package io.releasegates.gate;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.report.ReportFormat;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Writes real evidence files (through the shared renderer) and a policy, then runs the real evaluator on them. */
final class Scenario {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final String PACKAGE_SHA = "a".repeat(64);
    static final String OTHER_SHA = "b".repeat(64);
    static final String POLICY = """
            schema: release-gates/policy/v1
            max-evidence-age: 24h
            environments:
              production: all
              staging:
                require: [scan]
            gates:
              scan:
                block-at: high
                warn-at: medium
                block: [CVE-2021-44228]
                ignore: [RG-SCAN-UNMATCHED]
                max-data-age: 7d
              backups:
                block-at: medium
            waivers:
              - rule: CVE-2022-1471
                gate: scan
                subject: "pkg:maven/org.yaml/snakeyaml@*"
                owner: alice@shop.example
                reason: we never parse untrusted YAML
                expires: 2026-12-31
            """;
    /** Appended to {@link #POLICY} by the tests about expiry. */
    static final String EXPIRED_WAIVER = """
              - rule: CVE-2022-22965
                owner: bob@shop.example
                reason: not deployed on JDK 9+
                expires: 2026-11-01
            """;

    final Path dir;
    final Path evidence;
    private String policy = POLICY;
    private io.releasegates.signing.SigningKey key;

    Scenario(Path dir) {
        this.dir = dir;
        this.evidence = dir.resolve("evidence");
    }

    static GateReport.Builder clean(String gate) {
        GateReport.Builder b = GateReport.builder(gate).generatedAt(NOW.minus(Duration.ofMinutes(10)))
                .subject(gate + "-subject");
        if (gate.equals("inventory") || gate.equals("scan")) {
            b.input(new Input("package", "shop.war", PACKAGE_SHA));
        }
        if (gate.equals("scan")) {
            b.dataAsOf("osv", NOW.minus(Duration.ofDays(1)));
        }
        return b;
    }

    static Finding finding(String ruleId, Severity severity, String subject) {
        return Finding.builder(ruleId, severity).title(ruleId + " title").subject(subject)
                .location("WEB-INF/lib/x.jar").message("found " + ruleId).build();
    }

    /** All four gates clean. */
    Scenario allClean() {
        for (String g : PolicyReader.ALL_GATES) {
            write(clean(g).build());
        }
        return this;
    }

    Scenario write(GateReport report) {
        return write(report.gate() + ".json", report);
    }

    /** From now on evidence is written signed by {@code k}, and judged with {@code k} (as {@code gate --key}). */
    Scenario signWith(io.releasegates.signing.SigningKey k) {
        this.key = k;
        return this;
    }

    Scenario write(String file, GateReport report) {
        try {
            if (key != null) {
                EvidenceFiles.write(report, key, evidence.resolve(file));
                return this;
            }
            ReportWriter.write(report, ReportFormat.JSON, Severity.HIGH, evidence.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Scenario policy(String yaml) {
        this.policy = yaml;
        return this;
    }

    Verdict judge(String environment, String expectedSha) {
        Policy p = PolicyReader.parse("policy.yml", policy.getBytes(StandardCharsets.UTF_8));
        GateEvaluator.PackageRef expected = expectedSha == null ? null : new GateEvaluator.PackageRef("shop.war", expectedSha);
        return GateEvaluator.evaluate(new GateEvaluator.Request(p, "policy.yml", "p".repeat(64),
                EvidenceSet.load(evidence, key == null ? null : VerdictKeys.of(key)), environment, expected, NOW));
    }

    Verdict judge(String environment) {
        return judge(environment, PACKAGE_SHA);
    }
}
