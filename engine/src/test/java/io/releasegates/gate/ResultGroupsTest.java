package io.releasegates.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultGroupsTest {
    private static Condition cond(Status status, String severity, String rule, String subject, String location,
                                  String reason) {
        return new Condition("scan", rule, status, severity, subject, location, reason, "block-at: high", "", "scan.json");
    }

    @Test
    void shouldGroupByComponentWorstFirstAndLeaveOutPassedConditions() {
        String h2 = "pkg:maven/com.h2database/h2@2.0.202";
        String log4j = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
        List<ResultGroups.Group> groups = ResultGroups.ofConditions(List.of(
                cond(Status.BLOCK, "high", "CVE-2021-42392", h2, "WEB-INF/lib/h2-2.0.202.jar", "a"),
                cond(Status.WARN, "medium", "CVE-2021-45105", log4j, "WEB-INF/lib/log4j-core-2.14.1.jar", "b"),
                cond(Status.PASS, "low", "CVE-1", "pkg:maven/x/y@1", "", "c"),
                cond(Status.BLOCK, "critical", "CVE-2021-45046", log4j, "WEB-INF/lib/log4j-core-2.14.1.jar", "d"),
                cond(Status.BLOCK, "high", "CVE-2022-23221", h2, "WEB-INF/lib/h2-2.0.202.jar", "e")));

        assertThat(groups).extracting(ResultGroups.Group::component).containsExactly(log4j, h2);
        assertThat(groups.get(0).rows()).extracting(ResultGroups.Row::ruleId)
                .containsExactly("CVE-2021-45046", "CVE-2021-45105");
        assertThat(groups.get(1).rows()).extracting(ResultGroups.Row::ruleId)
                .containsExactly("CVE-2021-42392", "CVE-2022-23221");
        assertThat(groups.get(1).commonLocation()).isEqualTo("WEB-INF/lib/h2-2.0.202.jar");
    }

    @Test
    void shouldNotRepeatTheRuleComponentOrFileInTheReason() {
        assertThat(ResultGroups.concise("RG-SCAN-RISKY-ENV", ".env", ".env: environment file (.env) at .env"))
                .isEqualTo("environment file (.env)");
        assertThat(ResultGroups.concise("CVE-2021-42392", "WEB-INF/lib/h2-2.0.202.jar",
                "CVE-2021-42392 (GHSA-h376-j262-vhq6) in com.h2database:h2:2.0.202; fixed in 2.0.206 — H2 console"))
                .isEqualTo("fixed in 2.0.206 — H2 console");
        assertThat(ResultGroups.concise("RG-SCAN-SECRET-AWS-KEY", "WEB-INF/classes/aws.properties",
                "AWS access key id at line 2")).isEqualTo("AWS access key id at line 2");
    }

    @Test
    void shouldListOnlyFindingsAtOrAboveTheThreshold() {
        List<ResultGroups.Group> groups = ResultGroups.ofFindings(List.of(
                Finding.builder("RG-X", Severity.LOW).subject("a").location("f").message("low").build(),
                Finding.builder("RG-Y", Severity.CRITICAL).subject("b").location("g").message("bad").build(),
                Finding.builder("RG-Z", Severity.HIGH).subject("a").location("f").message("high").build()),
                Severity.HIGH);

        assertThat(groups).extracting(ResultGroups.Group::component).containsExactly("b", "a");
        assertThat(groups.get(1).rows()).extracting(ResultGroups.Row::ruleId).containsExactly("RG-Z");
        assertThat(ResultGroups.html("reasons", groups, g -> g)).contains("<tbody class=\"group\">")
                .contains("<th colspan=\"7\"><code>b</code>").contains("<span class=\"sev sev-critical\">critical</span>");
    }
}
