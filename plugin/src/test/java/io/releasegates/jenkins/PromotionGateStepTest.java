package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Label;
import hudson.model.Result;
import io.releasegates.fleet.store.MonitorStore;
import io.releasegates.report.Digests;
import io.releasegates.report.Json;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Real pipelines on a real agent: the gate steps record evidence, then promotionGate judges it. */
@WithJenkins
class PromotionGateStepTest {
    static final Path FIXTURES = InventoryStepTest.FIXTURES;
    static final Path OSV = Path.of(System.getProperty("releasegates.fixtureSources", "../test-fixtures"))
            .resolve("advisories/osv").toAbsolutePath();
    static final String POLICY = """
            schema: release-gates/policy/v1
            max-evidence-age: 24h
            environments:
              production:
                require: [inventory, scan, backups]
              staging:
                require: [inventory, scan]
            gates:
              scan:
                block-at: high
                warn-at: medium
              backups:
                block-at: medium
            """;

    /** A healthy 3-2-1 set: three copies (one offsite) of three nightly dumps with sha256sum manifests. */
    static Path backupSet(Path dir, Instant now) throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\nbackup-sets:\n  - name: shop-db\n    rpo: 24h\n    copies:\n");
        String[][] copies = {{"disk", "disk", "false"}, {"nas", "nas", "false"}, {"offsite", "object-storage", "true"}};
        for (String[] copy : copies) {
            Path loc = Files.createDirectories(dir.resolve(copy[0]));
            StringBuilder sums = new StringBuilder();
            for (int day = 0; day < 3; day++) {
                Instant at = now.minus(Duration.ofHours(2)).minus(Duration.ofDays(day));
                Path file = loc.resolve("shop-db-" + day + ".dump");
                Files.writeString(file, "-- dump of day " + day + "\n".repeat(50));
                Files.setLastModifiedTime(file, FileTime.from(at));
                sums.append(Digests.sha256(file)).append("  ").append(file.getFileName()).append('\n');
            }
            Files.writeString(loc.resolve("SHA256SUMS"), sums);
            yaml.append("      - { location: ").append(loc).append(", media: ").append(copy[1]).append(", offsite: ")
                    .append(copy[2]).append(" }\n");
        }
        return Files.writeString(dir.resolve("backups.yml"), yaml);
    }

    private static WorkflowJob job(JenkinsRule r, Path tmp, String war, String gateArguments, String environment,
                                   String backups) throws Exception {
        Files.writeString(tmp.resolve("policy.yml"), POLICY);
        r.createOnlineSlave(Label.get("gates"));
        WorkflowJob job = r.createProject(WorkflowJob.class);
        String pkg = FIXTURES.resolve(war).toAbsolutePath().toString();
        job.setDefinition(new CpsFlowDefinition("node('gates') {\n"
                + "  inventoryDependencies path: '" + pkg + "'\n"
                + "  scanReleasePackage path: '" + pkg + "', osv: '" + OSV + "'\n"
                + backups
                + "  def v = promotionGate policy: '" + tmp.resolve("policy.yml") + "', environment: '" + environment
                + "', packageFile: '" + pkg + "'" + gateArguments + "\n"
                + "  echo \"verdict=${v.verdict} reasons=${v.reasons.size()}\"\n"
                + "}\n"
                + "echo 'after the gate'", true));
        return job;
    }

    @Test
    void shouldPassTheFixedReleaseWithEveryGateStepOnTheAgent(JenkinsRule r, @TempDir Path tmp) throws Exception {
        Path backups = backupSet(tmp.resolve("backups"), Instant.now());
        WorkflowJob job = job(r, tmp, "sample-fixed.war", "", "production",
                "  verifyBackups config: '" + backups + "'\n");
        ReleaseGatesConfiguration.get().setStoreUrl(tmp.resolve("fleet").toString());

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("verdict=PASS reasons=0", build);
        r.assertLogContains("after the gate", build);
        assertThat(build.getActions(GateReportAction.class)).extracting(GateReportAction::getId)
                .containsExactly("inventory", "scan", "backups", "gate");
        GateReportAction gate = build.getActions(GateReportAction.class).get(3);
        assertThat(gate.getStatus()).isEqualTo("PASS");
        assertThat(gate.getSummary()).containsEntry("evidence", 3L);
        // SARIF and JUnit stay in the agent's workspace for Warnings NG and junit
        hudson.FilePath reports = ((hudson.model.Slave) r.jenkins.getNodes().get(0)).getWorkspaceFor(job).child("release-gates");
        assertThat(reports.child("scan.sarif").exists()).isTrue();
        assertThat(reports.child("gate.junit.xml").exists()).isTrue();
        // a passing promotion with a fleet store configured is recorded for monitoring, with the inventory's SBOM
        List<MonitorStore.ReleaseRow> releases = FleetStoreProvider.get().store().monitor().releases("production");
        assertThat(releases).singleElement().satisfies(rel -> {
            assertThat(rel.name()).isEqualTo(job.getFullName());
            assertThat(rel.version()).isEqualTo("1");
            assertThat((long) rel.components()).isGreaterThan(5L);
        });
        r.assertLogContains("release " + job.getFullName() + " 1 (production) recorded for monitoring in the fleet store: "
                + releases.get(0).components() + " components", build);
    }

    @Test
    void shouldStopTheBuildWithEveryReasonWhenThePromotionIsBlocked(JenkinsRule r, @TempDir Path tmp) throws Exception {
        WorkflowJob job = job(r, tmp, "sample-vulnerable.war", "", "staging", "");
        ReleaseGatesConfiguration.get().setStoreUrl(tmp.resolve("fleet").toString());

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Promotion to staging: BLOCK", build);
        r.assertLogNotContains("verdict=", build);
        r.assertLogNotContains("after the gate", build);
        GateReportAction gate = action(build, "gate");
        assertThat(gate.getStatus()).isEqualTo("BLOCK");
        // the scan evidence lists Log4Shell on log4j-core 2.14.1, and the verdict blocks on that very finding
        JsonNode scan = Json.mapper().readTree(action(build, "scan").sideFile("json"));
        assertThat(scan.path("findings").findValuesAsText("ruleId")).contains("CVE-2021-44228", "CVE-2021-45046");
        List<String> blocking = new ArrayList<>();
        Json.mapper().readTree(gate.sideFile("json")).path("conditions").forEach(c -> {
            if (c.path("status").asText().equals("BLOCK")) {
                blocking.add(c.path("gate").asText() + " " + c.path("ruleId").asText() + " " + c.path("subject").asText());
            }
        });
        assertThat(blocking).contains("scan CVE-2021-44228 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        // each reason once in the log: the abort names the verdict, it does not repeat the list
        String log = JenkinsRule.getLog(build);
        String reason = log.lines().filter(l -> l.contains("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(log.lines().filter(l -> l.equals(reason))).hasSize(1);
        // a blocked release is not recorded
        r.assertLogNotContains("recorded for monitoring", build);
        assertThat(FleetStoreProvider.get().store().monitor().releases(null)).isEmpty();

        // the verdict inline on its page, inside Jenkins
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage page = wc.getPage(build, gate.getUrlName());
        assertThat(page.getElementsByTagName("iframe")).isEmpty();
        assertThat(page.getElementById("release-gates-report").asNormalizedText()).contains("BLOCK")
                .contains("CVE-2021-44228");
        // the job's trend: columns in the order the pipeline ran, the gate counting its blocking conditions only
        DomElement trend = wc.getPage(job).getElementById("release-gates-trend");
        assertThat(trend.querySelectorAll("thead th").stream().map(n -> n.getTextContent().strip()))
                .containsExactly("Build", "inventory", "scan", "promotion");
        assertThat(gate.getBlocking()).isEqualTo(blocking.size()).isLessThan(gate.getTotal());
        assertThat(trend.asNormalizedText()).contains("BLOCK · " + blocking.size() + " blocking");
    }

    static GateReportAction action(WorkflowRun build, String id) {
        return build.getActions(GateReportAction.class).stream().filter(a -> a.getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no gate action " + id));
    }

    @Test
    void shouldOnlyMarkTheStageWhenOnBlockIsUnstable(JenkinsRule r, @TempDir Path tmp) throws Exception {
        WorkflowJob job = job(r, tmp, "sample-vulnerable.war", ", onBlock: 'unstable'", "staging", "");

        WorkflowRun build = r.buildAndAssertStatus(Result.UNSTABLE, job);

        r.assertLogContains("verdict=BLOCK", build);
        r.assertLogContains("after the gate", build);
        assertThat(new DepthFirstScanner().allNodes(build.getExecution()).stream()
                .map(n -> n.getPersistentAction(WarningAction.class)).filter(a -> a != null)
                .map(WarningAction::getMessage)).contains("Promotion to staging: BLOCK");
    }
}
