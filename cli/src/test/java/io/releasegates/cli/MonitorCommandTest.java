package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fleet release`, `monitor` and `fleet events` from the command line, and their refusals of bad input. */
class MonitorCommandTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtureSources", "../test-fixtures"));
    static final Path FLEET = FIXTURES.resolve("fleet");
    static final String OSV = FIXTURES.resolve("advisories").resolve("osv").toString();

    @Test
    void shouldRecordAReleaseMonitorItAndListTheEventsOnce(@TempDir Path dir) throws Exception {
        String store = dir.resolve("fleet").toString();
        String sbom = FLEET.resolve("app-vulnerable.cdx.json").toString();
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", sbom, "--host", "web-1", "--store", store)).isZero();
        ScanNvdApiCommandTest.Run release = ScanNvdApiCommandTest.run("fleet", "release", sbom, "--name", "shop",
                "--version", "1.0", "--environment", "production", "--store", store);
        assertThat(release.code()).as(release.err()).isZero();
        assertThat(release.out()).contains("release shop 1.0 (production):").contains("components recorded");

        ScanNvdApiCommandTest.Run first = ScanNvdApiCommandTest.run("monitor", "--osv", OSV, "--store", store, "--fail-on-exposed");
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        assertThat(first.out()).contains("monitor pass 1: 1 hosts, 1 releases");
        ScanNvdApiCommandTest.Run events = ScanNvdApiCommandTest.run("fleet", "events", "--json", "--store", store);
        assertThat(events.code()).isZero();
        JsonNode items = Json.mapper().readTree(events.out()).get("items");
        assertThat(items).isNotEmpty().allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("exposed"));
        long hostEvents = 0;
        long releaseEvents = 0;
        for (JsonNode e : items) {
            hostEvents += e.get("subject").get("kind").asText().equals("host") ? 1 : 0;
            releaseEvents += e.get("subject").get("kind").asText().equals("release") ? 1 : 0;
        }
        // the host runs the release's components: the same advisories, once each
        assertThat(hostEvents).isPositive().isEqualTo(releaseEvents);
        assertThat(items).anyMatch(e -> e.get("advisory").asText().equals("CVE-2021-45046")
                && e.get("severity").asText().equals("critical"));

        ScanNvdApiCommandTest.Run second = ScanNvdApiCommandTest.run("monitor", "--osv", OSV, "--store", store, "--fail-on-exposed");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 newly exposed, 0 resolved");
        ScanNvdApiCommandTest.Run text = ScanNvdApiCommandTest.run("fleet", "events", "--since", "1h", "--store", store);
        assertThat(text.out()).contains(items.size() + " event(s) since").contains("exposed  critical  CVE-2021-45046  host web-1");
    }

    @Test
    void shouldMatchThroughTheNvdCpePathFromRecordsInTheDataDir(@TempDir Path dir) throws Exception {
        String store = dir.resolve("fleet").toString();
        Path data = Files.createDirectories(dir.resolve("data"));
        assertThat(ReleaseGatesCommand.run("fleet", "ingest", FLEET.resolve("app-vulnerable.cdx.json").toString(), "--host",
                "web-1", "--store", store)).isZero();
        ScanNvdApiCommandTest.Run r = ScanNvdApiCommandTest.run("monitor", "--data-dir", data.toString(), "--nvd-records",
                FIXTURES.resolve("advisories").resolve("nvd").toString(), "--store", store);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.exists(data.resolve("nvd").resolve("odc.mv.db"))).isTrue();
        JsonNode items = Json.mapper().readTree(ScanNvdApiCommandTest.run("fleet", "events", "--json", "--store", store).out())
                .get("items");
        assertThat(items).anyMatch(e -> e.get("advisory").asText().equals("CVE-2021-45046"));
    }

    @Test
    void shouldRefuseBadInputWithOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        String store = dir.resolve("fleet").toString();
        ScanNvdApiCommandTest.Run none = ScanNvdApiCommandTest.run("monitor", "--store", store);
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("no advisory data").doesNotContain("\tat ");
        ScanNvdApiCommandTest.Run missing = ScanNvdApiCommandTest.run("monitor", "--data-dir", dir.resolve("nope").toString(),
                "--store", store);
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope: data dir not found");
        ScanNvdApiCommandTest.Run noSecret = ScanNvdApiCommandTest.run("monitor", "--osv", OSV, "--webhook",
                "http://127.0.0.1:9/hook", "--store", store);
        assertThat(noSecret.code()).isEqualTo(2);
        assertThat(noSecret.err()).contains("signing secret")
                .contains("(--webhook-secret-env VAR or --webhook-secret-file FILE)");
        // a secret is never a command-line value
        assertThat(ScanNvdApiCommandTest.run("monitor", "--osv", OSV, "--webhook", "http://127.0.0.1:9/hook",
                "--webhook-secret", "s3cret-s3cret-s3cret", "--store", store).code()).isEqualTo(2);
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "0123456789abcdef0123\n");
        ScanNvdApiCommandTest.Run ftp = ScanNvdApiCommandTest.run("monitor", "--osv", OSV, "--webhook", "ftp://x/hook",
                "--webhook-secret-file", secret.toString(), "--store", store);
        assertThat(ftp.code()).isEqualTo(2);
        assertThat(ftp.err()).contains("release-gates: --webhook ftp://x/hook: expected an http:// or https://");
        ScanNvdApiCommandTest.Run since = ScanNvdApiCommandTest.run("fleet", "events", "--since", "yesterday", "--store", store);
        assertThat(since.code()).isEqualTo(2);
        assertThat(since.err()).contains("since 'yesterday'");
        ScanNvdApiCommandTest.Run often = ScanNvdApiCommandTest.run("serve", "--monitor-every", "10s", "--osv", OSV, "--store", store);
        assertThat(often.code()).isEqualTo(2);
        assertThat(often.err()).contains("less than a minute");
        ScanNvdApiCommandTest.Run notSbom = ScanNvdApiCommandTest.run("fleet", "release", secret.toString(), "--name", "a",
                "--version", "1", "--environment", "e", "--store", store);
        assertThat(notSbom.code()).isEqualTo(2);
        assertThat(notSbom.err()).contains(secret + ": not a CycloneDX SBOM");
    }
    @Test
    void shouldRecordTheReleaseWhenCheckPassesAndItsConfigNamesAStore(@TempDir Path dir) throws Exception {
        Path demo = FIXTURES.resolve("demo").toAbsolutePath();
        String store = dir.resolve("fleet").toString();
        Path config = dir.resolve("release-gates.yml");
        Files.writeString(config, "package: " + FIXTURES.toAbsolutePath().resolve("target/fixtures/sample-fixed.war") + "\n"
                + "environment: production\npolicy: " + demo.resolve("policy.yml") + "\n"
                + "release: {store: " + store + ", name: shop, version: 2.0.0}\n"
                + "steps:\n  inventory: {}\n  scan:\n    osv: " + FIXTURES.toAbsolutePath().resolve("advisories/osv") + "\n"
                + "    nvd-records: " + FIXTURES.toAbsolutePath().resolve("advisories/nvd") + "\n"
                + "  backups: {demo: true}\n  integrity: {demo: true}\n");
        ScanNvdApiCommandTest.Run check = ScanNvdApiCommandTest.run("check", "--config", config.toString(), "--out",
                dir.resolve("out").toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("Release shop 2.0.0 recorded for monitoring");
        ScanNvdApiCommandTest.Run monitor = ScanNvdApiCommandTest.run("monitor", "--osv", OSV, "--store", store);
        assertThat(monitor.out()).contains("0 hosts, 1 releases");

        // a release block without the inventory step has no components to record: refused before anything runs
        Files.writeString(config, Files.readString(config).replace("  inventory: {}\n", ""));
        ScanNvdApiCommandTest.Run refused = ScanNvdApiCommandTest.run("check", "--config", config.toString(), "--out",
                dir.resolve("out2").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("release: needs the inventory step");
    }
}
