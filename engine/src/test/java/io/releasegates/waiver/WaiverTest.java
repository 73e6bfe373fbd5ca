package io.releasegates.waiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.gate.Policy;
import io.releasegates.gate.PolicyReader;
import io.releasegates.report.Finding;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both waiver dialects (the scan's waiver file, the policy's waivers) read into the one model and match as before. */
class WaiverTest {
    private static final LocalDate EXPIRES = LocalDate.parse("2027-01-01");

    @TempDir
    Path tmp;

    private static Finding finding(String rule, String subject, String location, Map<String, String> properties) {
        return new Finding(rule, "t", Severity.HIGH, subject, location, "m", properties);
    }

    private static final Finding SNAKEYAML = finding("GHSA-mjmj-j48q-9wg2", "org.yaml:snakeyaml:1.33",
            "shop.war!/WEB-INF/lib/snakeyaml-1.33.jar",
            Map.of("purl", "pkg:maven/org.yaml/snakeyaml@1.33", "aliases", "GHSA-mjmj-j48q-9wg2,CVE-2022-1471"));
    private static final Finding DUMP = finding("RG-SCAN-RISKY-DENIED", "shop.war", "shop.war!/WEB-INF/classes/db/dump.sql",
            Map.of());

    @Test
    void shouldReadTheScanDialectAsBefore() throws IOException {
        Path file = Files.writeString(tmp.resolve("waivers.yml"), """
                waivers:
                  - advisory: CVE-2022-1471
                    component: pkg:maven/org.yaml/snakeyaml
                    reason: only our own YAML
                    owner: team-shop
                    expires: 2027-01-01
                  - advisory: RG-SCAN-RISKY-DENIED
                    component: "*.sql"
                    reason: fixture data
                    owner: team-db
                    expires: 2027-01-01
                """, StandardCharsets.UTF_8);
        List<Waiver> waivers = WaiverFile.read(file);
        assertThat(waivers).containsExactly(
                new Waiver("CVE-2022-1471", "", "", "pkg:maven/org.yaml/snakeyaml", "team-shop", "only our own YAML", EXPIRES),
                new Waiver("RG-SCAN-RISKY-DENIED", "", "", "*.sql", "team-db", "fixture data", EXPIRES));
        Waiver cve = waivers.get(0);
        Waiver sql = waivers.get(1);
        // the alias, the unversioned purl, the versioned purl and the subject all name the component
        assertThat(cve.matches("scan", SNAKEYAML)).isTrue();
        assertThat(withComponent(cve, "pkg:maven/org.yaml/snakeyaml@1.33").matches("scan", SNAKEYAML)).isTrue();
        assertThat(withComponent(cve, "org.yaml:snakeyaml:1.33").matches("scan", SNAKEYAML)).isTrue();
        assertThat(withComponent(cve, "pkg:maven/org.yaml/snakeyaml@1.32").matches("scan", SNAKEYAML)).isFalse();
        assertThat(withComponent(cve, "pkg:maven/org.yaml/snake").matches("scan", SNAKEYAML)).isFalse();
        // a path glob without '/' is a file name anywhere; with '/', '*' stays in its folder
        assertThat(sql.matches("scan", DUMP)).isTrue();
        assertThat(withComponent(sql, "WEB-INF/*.sql").matches("scan", DUMP)).isFalse();
        assertThat(withComponent(sql, "**/db/*.sql").matches("scan", DUMP)).isTrue();
        assertThat(sql.matches("scan", SNAKEYAML)).isFalse();
        assertThat(cve.isExpiredOn(EXPIRES)).isFalse();
        assertThat(cve.isExpiredOn(EXPIRES.plusDays(1))).isTrue();
    }

    @Test
    void shouldReadThePolicyDialectIntoTheSameModel() {
        Policy policy = PolicyReader.parse("policy.yml", """
                environments: {production: all}
                waivers:
                  - {rule: CVE-2022-1471, gate: scan, subject: "org.yaml:*", owner: team-shop, reason: r, expires: 2027-01-01}
                """.getBytes(StandardCharsets.UTF_8));
        Waiver waiver = policy.waivers().get(0);
        assertThat(waiver).isEqualTo(new Waiver("CVE-2022-1471", "scan", "org.yaml:*", "team-shop", "r", EXPIRES));
        assertThat(waiver.component()).isEmpty();
        assertThat(waiver.matches("scan", SNAKEYAML)).isTrue();
        assertThat(waiver.matches("inventory", SNAKEYAML)).isFalse();
        // the subject glob's '*' crosses '/' and '!', and matches the location too
        assertThat(new Waiver("RG-SCAN-RISKY-DENIED", "", "*.sql", "o", "r", EXPIRES).matches("scan", DUMP)).isTrue();
        assertThat(new Waiver("RG-SCAN-RISKY-DENIED", "", "WEB-INF/*.sql", "o", "r", EXPIRES).matches("scan", DUMP)).isFalse();
    }

    @Test
    void shouldAcceptThePolicySpellingInAWaiverFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("waivers.yml"), """
                waivers:
                  - rule: CVE-2022-1471
                    subject: "org.yaml:*"
                    reason: r
                    owner: o
                    expires: 2027-01-01
                """, StandardCharsets.UTF_8);
        assertThat(WaiverFile.read(file)).containsExactly(new Waiver("CVE-2022-1471", "", "org.yaml:*", "o", "r", EXPIRES));
        assertThat(WaiverFile.read(file).get(0).matches("scan", SNAKEYAML)).isTrue();
    }

    private static Waiver withComponent(Waiver w, String component) {
        return new Waiver(w.rule(), w.gate(), w.subject(), component, w.owner(), w.reason(), w.expires());
    }
}
