package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import hudson.model.Label;
import hudson.model.Result;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** probeDeployment on a real agent against a local site, then promotionGate blocking on a probe.yml FAIL rule. */
@WithJenkins
class ProbeDeploymentStepTest {
    private static final String POLICY = "schema: release-gates/policy/v1\nenvironments:\n  production:\n"
            + "    require: [probe]\ngates:\n  probe:\n    block-at: high\n    warn-at: medium\n";

    /** A site whose only faults are a missing Referrer-Policy (low) and a cookie without SameSite (low). */
    private static HttpServer site() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            int status = 404;
            if (exchange.getRequestURI().getPath().equals("/")) {
                status = 200;
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
                exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
                body = "<html><body>shop</body></html>".getBytes(StandardCharsets.UTF_8);
            } else {
                body = "not found".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static WorkflowJob job(JenkinsRule r, Path tmp, String url, String probeYml) throws Exception {
        Files.writeString(tmp.resolve("policy.yml"), POLICY);
        Files.writeString(tmp.resolve("probe.yml"), probeYml);
        r.createOnlineSlave(Label.get("gates"));
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("node('gates') {\n"
                + "  def p = probeDeployment url: '" + url + "', config: '" + tmp.resolve("probe.yml") + "', rate: 200\n"
                + "  echo \"probe passed=${p.passed}\"\n"
                + "  def v = promotionGate policy: '" + tmp.resolve("policy.yml") + "', environment: 'production'\n"
                + "  echo \"verdict=${v.verdict}\"\n"
                + "}\n", true));
        return job;
    }

    @Test
    void shouldProbeOnTheAgentAndPassALowOnlySite(JenkinsRule r, @TempDir Path tmp) throws Exception {
        HttpServer server = site();
        try {
            WorkflowJob job = job(r, tmp, "http://127.0.0.1:" + server.getAddress().getPort() + "/", "rules: {}\n");
            WorkflowRun build = r.buildAndAssertSuccess(job);
            r.assertLogContains("probe passed=true", build);
            r.assertLogContains("verdict=PASS", build);
            assertThat(build.getActions(GateReportAction.class)).extracting(GateReportAction::getId).contains("probe", "gate");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldBlockThePromotionOnAFailRule(JenkinsRule r, @TempDir Path tmp) throws Exception {
        HttpServer server = site();
        try {
            WorkflowJob job = job(r, tmp, "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                    "rules:\n  RG-PROBE-REFERRER-POLICY-MISSING: FAIL\n");
            WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);
            r.assertLogContains("Promotion to production: BLOCK", build);
            r.assertLogContains("RG-PROBE-REFERRER-POLICY-MISSING", build);
            r.assertLogNotContains("verdict=", build);
        } finally {
            server.stop(0);
        }
    }
}
