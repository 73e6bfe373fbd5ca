package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.fleet.AvailableVersion;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.FleetFixtures;
import io.releasegates.fleet.HostReport;
import io.releasegates.fleet.MutableClock;
import io.releasegates.fleet.PackageRef;
import io.releasegates.fleet.web.FleetDashboard;
import io.releasegates.fleet.web.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same reports into H2 and PostgreSQL give byte-identical JSON, CSV and HTML for every view. */
class BackendParityTest {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final String POLICY = """
            rules:
              - tier: not-serving
                packages: ["lib*"]
                roles: [web]
              - tier: direct
                purls: ["pkg:maven/org.springframework/*"]
                agreed: {production: 2026-11-05}
            """;

    private static Map<String, String> answers(String url) {
        MutableClock clock = new MutableClock(T0);
        try (FleetStore store = FleetStores.open(url, clock)) {
            store.ingest(report("web-1", "production", "web", "web-1.status", "app-fixed.cdx.xml"));
            store.ingest(report("web-2", "production", "web", "web-2.status", "app-vulnerable.cdx.json"));
            clock.advance(Duration.ofDays(2));
            store.ingest(report("db-1", "staging", "db", "db-1.status", null));
            store.ingest(report("web-2", "production", "web", "web-1.status", "app-vulnerable.cdx.json"));
            store.recordAvailable(List.of(new AvailableVersion(PackageRef.fromPurl("pkg:maven/org.yaml/snakeyaml@2.2"),
                    T0.minus(Duration.ofDays(40)))));
            clock.advance(Duration.ofDays(6));
            FleetDashboard dashboard = new FleetDashboard(store, CadencePolicy.parse(POLICY, "policy"), clock, "");
            Map<String, String> out = new LinkedHashMap<>();
            for (String env : new String[] {null, "production", "staging"}) {
                for (String path : List.of("/", "/hosts", "/api/components", "/api/hosts", "/export/components.json", "/export/components.csv",
                        "/export/hosts.csv", "/api/components/pkg%3Amaven%2Forg.yaml%2Fsnakeyaml",
                        "/components/pkg%3Adeb%2Fdebian%2Fadduser", "/api/hosts/web-2", "/hosts/db-1")) {
                    Response r = dashboard.handle(path, env);
                    out.put(env + " " + path, r.status() + "\n" + r.body());
                }
            }
            return out;
        }
    }

    private static HostReport report(String host, String env, String role, String status, String app) {
        List<PackageRef> packages = new ArrayList<>(FleetFixtures.dpkgPackages(status));
        if (app != null) {
            packages.addAll(FleetFixtures.appPackages(app));
        }
        return new HostReport(host, env, role, T0, packages);
    }

    @Test
    void shouldGiveIdenticalAnswersFromH2AndPostgres() throws Exception {
        Map<String, String> h2 = answers(Files.createTempDirectory("rg-fleet-parity").resolve("fleet").toString());
        Map<String, String> pg = answers(TestPostgres.newDatabaseUrl());
        assertThat(pg.keySet()).isEqualTo(h2.keySet());
        h2.forEach((view, body) -> assertThat(pg.get(view)).as(view).isEqualTo(body));
        // and the answers are not trivially empty
        // (/api/components is one page of 100; the complete view is the export)
        assertThat(h2.get("null /export/components.json")).contains("\"outOfPolicy\"").contains("snakeyaml");
        assertThat(h2.get("production /export/components.json")).contains("out-of-policy");
        assertThat(h2.get("null /api/hosts/web-2")).startsWith("200");
    }
}
