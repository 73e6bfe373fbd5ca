package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Each step through its config.jelly form, the snippet generator and back (one Jenkins for all of them). */
@WithJenkins
class SnippetRoundTripTest {

    @Test
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
        gate.setStageOnly(true);
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, gate)).isEqualTo("promotionGate environment: 'staging', "
                + "packageFile: 'target/shop.war', policy: 'policy.yml', stageOnly: true");

        PromotionGateStep keepGoing = new PromotionGateStep("policy.yml");
        keepGoing.setStopBuild(false);
        keepGoing.setKeyCredentialsId("release-key");
        assertThat(StepConfigRoundTrip.assertRoundTrip(r, keepGoing))
                .isEqualTo("promotionGate keyCredentialsId: 'release-key', policy: 'policy.yml', stopBuild: false");
    }
}
