package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release-gates probe} against a local site: report files, exit codes, strict config and header options. */
class ProbeCommandTest {
    @TempDir
    Path tmp;
    private HttpServer server;
    private String err;

    @BeforeEach
    void startSite() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            if (path.equals("/")) {
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
                exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
                exchange.getResponseHeaders().add("Referrer-Policy", "no-referrer");
                body = "<html><body>shop</body></html>".getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/.git/HEAD")) {
                body = "ref: refs/heads/main\n".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "not found".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopSite() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private int run(String... args) {
        StringWriter e = new StringWriter();
        var cli = ReleaseGatesCommand.newCommandLine(args);
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(e));
        int code = cli.execute(args);
        err = e.toString();
        return code;
    }

    @Test
    void shouldWriteTheProbeReportsAndExitOneOnAnExposedGitFolder() throws Exception {
        Path json = tmp.resolve("out/probe.json");
        Path sarif = tmp.resolve("out/probe.sarif");
        int code = run("probe", url(), "--rate", "200", "--quiet", "--json", json.toString(), "--sarif", sarif.toString(),
                "--junit", tmp.resolve("out/probe.xml").toString(), "--html", tmp.resolve("out/probe.html").toString());

        assertThat(code).isEqualTo(1);
        JsonNode report = Json.mapper().readTree(json.toFile());
        assertThat(report.path("gate").asText()).isEqualTo("probe");
        assertThat(report.toString()).contains("RG-PROBE-EXPOSED-VCS").contains(url() + ".git/HEAD");
        assertThat(Files.readString(sarif)).contains("RG-PROBE-EXPOSED-VCS");
        assertThat(tmp.resolve("out/probe.xml")).exists();
        assertThat(tmp.resolve("out/probe.html")).exists();
    }

    @Test
    void shouldLetProbeYmlIgnoreARuleAndExitZero() throws Exception {
        Path config = tmp.resolve("probe.yml");
        Files.writeString(config, "rules:\n  RG-PROBE-EXPOSED-VCS: IGNORE\n");
        assertThat(run("probe", url(), "--rate", "200", "--quiet", "--config", config.toString())).isEqualTo(0);
    }

    @Test
    void shouldRefuseBadInputWithOneLineAndExitTwo() throws Exception {
        Path config = tmp.resolve("probe.yml");
        Files.writeString(config, "rules:\n  RG-PROBE-EXPOSED-VCS: IGNORE\nexeptions: []\n");
        assertThat(run("probe", url(), "--config", config.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("release-gates: " + config + ":3: exeptions: unknown key 'exeptions' (expected one of exceptions, rules, schema)");

        assertThat(run("probe", "ftp://127.0.0.1/")).isEqualTo(2);
        assertThat(err).contains("ftp://127.0.0.1/: not an http or https URL");
        assertThat(run("probe", url(), "--max-time", "soon")).isEqualTo(2);
        assertThat(err).contains("--max-time: not a duration 'soon'");
        assertThat(run("probe", url(), "--header-env", "Authorization=RG_PROBE_TEST_UNSET_VARIABLE")).isEqualTo(2);
        assertThat(err).contains("environment variable RG_PROBE_TEST_UNSET_VARIABLE is not set").doesNotContain("Exception");
    }

    @Test
    void shouldReadHeaderValuesFromTheEnvironment() {
        ProbeCommand command = new ProbeCommand();
        command.headers = List.of("X-Probe: ci");
        command.headerEnv = List.of("Authorization=STAGING_AUTH");
        assertThat(command.headers(Map.of("STAGING_AUTH", "Bearer abc"))).containsExactly(
                Map.entry("X-Probe", "ci"), Map.entry("Authorization", "Bearer abc"));
        command.headerEnv = List.of("Authorization");
        assertThatThrownBy(() -> command.headers(Map.of())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected NAME=VAR");
    }
}
