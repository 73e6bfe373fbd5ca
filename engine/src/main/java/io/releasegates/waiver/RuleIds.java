package io.releasegates.waiver;

import io.releasegates.report.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * Every id a finding answers to: its rule id plus the advisory aliases the scan records (property {@code aliases},
 * comma or space separated), so that a policy naming CVE-2021-44228 also catches a GHSA-keyed finding.
 */
public final class RuleIds {
    private RuleIds() {
    }

    public static List<String> of(Finding finding) {
        List<String> ids = new ArrayList<>();
        ids.add(finding.ruleId());
        for (String key : List.of("aliases", "cve", "advisoryId")) {
            String value = finding.properties().get(key);
            if (value == null) {
                continue;
            }
            for (String alias : value.split("[,\\s\\[\\]\"]+")) {
                if (!alias.isBlank() && !ids.contains(alias)) {
                    ids.add(alias);
                }
            }
        }
        return ids;
    }
}
