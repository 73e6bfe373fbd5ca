package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.TaskListener;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Each step through its config.jelly form, the snippet generator and back (one Jenkins for all of them). */
@WithJenkins
class SnippetRoundTripTest {

    @Test
    @SuppressWarnings("deprecation") // the old promotionGate booleans, on purpose: they must still be read
    void shouldRoundTripEveryStepThroughFormAndSnippet(JenkinsRule r) throws Exception {
        InventoryStep inventory = new InventoryStep();
        inventory.setPath("target/shop.war");
        inventory.setFailOn("critical");
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, inventory))
                .isEqualTo("inventoryDependencies failOn: 'critical', path: 'target/shop.war'");

        InventoryStep host = new InventoryStep();
        host.setHost(true);
        host.setOutputDir("reports");
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, host))
                .isEqualTo("inventoryDependencies host: true, outputDir: 'reports'");

        ScanStep scan = new ScanStep("target/shop.war");
        scan.setOsv("/srv/osv/all.zip");
        scan.setNvdDatafeed("https://nvd.example/");
        scan.setWaivers("waivers.yml");
        scan.setMaxDataAge("7d");
        scan.setDeny("*.sql, debug/**");
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, scan)).isEqualTo("scanReleasePackage deny: '*.sql, debug/**', "
                + "maxDataAge: '7d', nvdDatafeed: 'https://nvd.example/', osv: '/srv/osv/all.zip', path: 'target/shop.war', "
                + "waivers: 'waivers.yml'");

        BackupsStep backups = new BackupsStep("ops/backups.yml");
        backups.setAsOf("2026-11-28T06:00:00Z");
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, backups))
                .isEqualTo("verifyBackups asOf: '2026-11-28T06:00:00Z', config: 'ops/backups.yml'");

        IntegrityStep integrity = new IntegrityStep("/etc/shop");
        integrity.setGit("/srv/git/config.git");
        integrity.setRef("release-1.4");
        integrity.setPath("etc");
        integrity.setExcludes("*.tmp");
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, integrity)).isEqualTo("verifyConfigIntegrity dir: '/etc/shop', "
                + "excludes: '*.tmp', git: '/srv/git/config.git', path: 'etc', ref: 'release-1.4'");

        PromotionGateStep gate = new PromotionGateStep("policy.yml");
        gate.setEnvironment("staging");
        gate.setPackageFile("target/shop.war");
        gate.setOnBlock("unstable");
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, gate)).isEqualTo("promotionGate environment: 'staging', "
                + "onBlock: 'unstable', packageFile: 'target/shop.war', policy: 'policy.yml'");

        PromotionGateStep stop = new PromotionGateStep("policy.yml");
        stop.setOnBlock("stop");
        // onBlock 'stop' is the default, so only the policy is left: Jenkins writes a lone argument positionally
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, stop)).isEqualTo("promotionGate 'policy.yml'");

        // Jenkinsfiles written before onBlock: the old booleans are still read, and written as onBlock
        PromotionGateStep stageOnly = new PromotionGateStep("policy.yml");
        stageOnly.setStageOnly(true);
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, stageOnly))
                .isEqualTo("promotionGate onBlock: 'unstable', policy: 'policy.yml'");
        PromotionGateStep keepGoing = new PromotionGateStep("policy.yml");
        keepGoing.setStopBuild(false);
        keepGoing.setKeyCredentialsId("release-key");
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, keepGoing))
                .isEqualTo("promotionGate keyCredentialsId: 'release-key', onBlock: 'fail', policy: 'policy.yml'");
        Step parsed = (Step) DescribableModel.of(PromotionGateStep.class)
                .instantiate(Map.of("policy", "policy.yml", "stopBuild", false, "stageOnly", true), TaskListener.NULL);
        assertThat(((PromotionGateStep) parsed).getOnBlock()).as("stageOnly won over stopBuild").isEqualTo("unstable");
        assertThatThrownBy(() -> new PromotionGateStep("policy.yml").setOnBlock("abort"))
                .hasMessage("promotionGate: onBlock must be 'stop', 'unstable' or 'fail', not 'abort'");
    }
}
