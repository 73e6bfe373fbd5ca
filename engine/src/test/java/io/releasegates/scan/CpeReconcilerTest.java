package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Dependency-Check names another product than our mapping for a jar: a contradiction when we map everything in that
 * jar, a guess to keep (fuzzy-cpe) when the jar shades parts we cannot map. The shape is Artemis 2.19.0's
 * {@code lib/client/artemis-jms-client-all-2.19.0.jar} (corpus): Netty shaded in, which we map, next to Artemis' own
 * modules, which we do not; Dependency-Check reports CVE-2022-23913 (apache:activemq_artemis 2.19.0) on it.
 */
class CpeReconcilerTest {
    static final String JAR = "apache-artemis-2.19.0/lib/client/artemis-jms-client-all-2.19.0.jar";
    static final ScanComponent SELF = new ScanComponent("pkg:maven/org.apache.activemq/artemis-jms-client-all@2.19.0",
            "org.apache.activemq", "artemis-jms-client-all", "2.19.0", JAR, "a1b2", true);
    static final ScanComponent NETTY = new ScanComponent("pkg:maven/io.netty/netty-codec-http@4.1.68.Final",
            "io.netty", "netty-codec-http", "4.1.68.Final", JAR, "", true);
    static final ScanComponent COMMONS = new ScanComponent("pkg:maven/org.apache.activemq/artemis-commons@2.19.0",
            "org.apache.activemq", "artemis-commons", "2.19.0", JAR, "", true);
    static final Optional<CpeMapping.Decision> NETTY_MAPPED = Optional.of(new CpeMapping.Decision(
            List.of(new CpeMapping.VendorProduct("netty", "netty")), "derived mapping"));
    static final DcAnalysis.Result ARTEMIS = new DcAnalysis.Result("a1b2", "a1b2", List.of(SELF.purl()),
            "artemis-jms-client-all-2.19.0.jar", "2.19.0", List.of("apache:activemq_artemis"),
            List.of(new DcAnalysis.Cve("CVE-2022-23913", "apache:activemq_artemis",
                    "cpe:2.3:a:apache:activemq_artemis:2.19.0:*:*:*:*:*:*:*", "Artemis OpenWire DoS",
                    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H")));

    @Test
    void shouldKeepDependencyChecksProductForAShadedJarWhosePartsWeMapOnlyInPart() {
        CpeReconciler.Outcome outcome = CpeReconciler.reconcile(List.of(SELF, NETTY, COMMONS),
                Map.of(SELF, Optional.empty(), NETTY, NETTY_MAPPED, COMMONS, Optional.empty()),
                List.of(), List.of(ARTEMIS), Optional.empty());

        assertThat(outcome.conflicts()).isEmpty();
        assertThat(outcome.matches()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("CVE-2022-23913");
            assertThat(m.component().path()).isEqualTo(JAR);
            assertThat(m.confidence()).isEqualTo(AdvisoryMatch.Confidence.FUZZY_CPE);
        });
    }

    @Test
    void shouldReportAContradictionWhenWeMapEverythingInTheJar() {
        CpeReconciler.Outcome outcome = CpeReconciler.reconcile(List.of(SELF, NETTY),
                Map.of(SELF, NETTY_MAPPED, NETTY, NETTY_MAPPED), List.of(), List.of(ARTEMIS), Optional.empty());

        assertThat(outcome.matches()).isEmpty();
        assertThat(outcome.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.dependencyCheck()).containsExactly("apache:activemq_artemis");
            assertThat(c.advisories()).containsExactly("CVE-2022-23913");
        });
    }
}
