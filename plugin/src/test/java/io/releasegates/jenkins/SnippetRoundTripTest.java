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
    }
}
