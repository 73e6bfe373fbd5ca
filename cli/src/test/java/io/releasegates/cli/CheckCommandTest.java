package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release-gates check} on the bundled demo, end to end: exit codes, the report folder, and — in a real
 * headless Chromium — that index.html shows the verdict and its reasons and that its links lead to readable reports.
 */
class CheckCommandTest {
    private static final Path DEMO = Path.of(System.getProperty("releasegates.fixtureSources"), "demo");
    private static final Pattern HREF = Pattern.compile("href=\"([^\"#]+)\"");
    /** Kept after the build for people to look at (the screenshot lives next to it). */
    private static final Path KEPT = Path.of("target", "check-demo");

    private static String vulnerableOut;
    private static int vulnerableCode;

    @TempDir
    Path tmp;

    @BeforeAll
    static void runTheDemoOnce() throws IOException {
        // a folder left by a build from before check marked its folders would be refused (and rightly so)
        if (Files.isDirectory(KEPT) && !Files.exists(KEPT.resolve(".release-gates-check"))) {
            try (var walk = Files.walk(KEPT)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        vulnerableCode = ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("check", "--config", DEMO.resolve("release-gates.yml").toString(), "--out", KEPT.toString());
        vulnerableOut = out + "\n" + err;
    }

    @Test
    void shouldBlockTheVulnerableDemoWithReadableReasonsAndLinkedReports() throws IOException {
        assertThat(vulnerableCode).as(vulnerableOut).isEqualTo(ExitCodes.FINDINGS);
        assertThat(vulnerableOut).contains("Promotion to production: BLOCK").contains("sample-vulnerable.war")
                // grouped by component: one heading with the component's file, then severity, rule and reason
                .containsPattern("(?m)^  pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1  "
                        + "WEB-INF/lib/log4j-core-2.14.1.jar$")
                .containsPattern("(?m)^    BLOCK [a-z]+ +CVE-2021-45046 +fixed in 2.16.0 .*\\[block: CVE-2021-45046]$")
                .containsPattern("(?m)^    BLOCK [a-z]+ +RG-SCAN-SECRET-AWS-KEY +WEB-INF/classes/aws.properties: ")
                // the reason does not repeat the file the row names
                .containsPattern("(?m)^    BLOCK high +RG-SCAN-RISKY-ENV +\\.env: environment file \\(\\.env\\) \\[")
                .containsPattern("(?m)^    PASS  [a-z]+ +CVE-2023-2976 .*waiver by platform-team@shop.example");
        assertThat(vulnerableOut.lines().filter(l -> l.equals("  pkg:maven/com.h2database/h2@2.0.202  "
                + "WEB-INF/lib/h2-2.0.202.jar"))).as("one heading per component").hasSize(1);
        assertThat(vulnerableOut).as("no colour when not on a terminal").doesNotContain("\u001b[");

        JsonNode verdict = Json.mapper().readTree(KEPT.resolve("verdict.json").toFile());
        assertThat(verdict.path("status").asText()).isEqualTo("BLOCK");
        assertThat(verdict.path("packageSha256").asText()).hasSize(64);
        assertThat(verdict.path("signature").path("keyId").asText()).startsWith("ed25519:");
        // every CVE the demo policy names by id is found in the sample and blocks by that very rule (structured, not
        // a substring of some other advisory's text)
        List<String> blockedById = new ArrayList<>();
        verdict.path("conditions").forEach(c -> {
            if (c.path("status").asText().equals("BLOCK") && c.path("gate").asText().equals("scan")
                    && c.path("threshold").asText().equals("block: " + c.path("ruleId").asText())) {
                blockedById.add(c.path("ruleId").asText() + " " + c.path("subject").asText());
            }
        });
        assertThat(blockedById).contains(
                "CVE-2021-44228 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "CVE-2021-45046 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "CVE-2021-44832 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "CVE-2022-42889 pkg:maven/org.apache.commons/commons-text@1.9");

        String index = Files.readString(KEPT.resolve("index.html"));
        assertThat(index).contains("id=\"verdict\">BLOCK<").contains("id=\"reasons\"")
                .contains("<th>Severity</th><th>Gate</th><th>Rule</th><th>File</th>")
                .containsOnlyOnce("<th colspan=\"7\"><code>pkg:maven/com.h2database/h2@2.0.202</code>")
                .contains("<code>WEB-INF/lib/h2-2.0.202.jar</code>");
        assertThat(Files.readString(KEPT.resolve("verdict.html"))).contains("<th>Severity</th><th>Gate</th><th>Rule</th>")
                .containsOnlyOnce("<th colspan=\"7\"><code>pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1</code>");
        for (String link : links(index)) {
            assertThat(KEPT.resolve(link)).as("link %s of index.html", link).isRegularFile();
        }
        assertThat(links(index)).contains("verdict.html", "verdict.json", "verdict.junit.xml",
                "reports/inventory.html", "evidence/inventory.json", "reports/inventory.cdx.json", "reports/scan.html",
                "reports/scan.sarif", "evidence/backups.json", "reports/integrity.junit.xml");
    }

    @Test
    void shouldVerifyTheDemoVerdictWithTheDemoPublicKey() {
        assertThat(vulnerableCode).isEqualTo(ExitCodes.FINDINGS);
        StringWriter out = new StringWriter();
        int code = ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(out, true))
                .execute("gate", "verify", KEPT.resolve("verdict.json").toString(), "--package",
                        DEMO.resolve("../target/fixtures/sample-vulnerable.war").normalize().toString(),
                        "--key", KEPT.resolve("keys/demo-signing-key.pub.pem").toString(), "--environment", "production",
                        "--evidence", KEPT.resolve("evidence").toString());

        assertThat(code).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString()).contains("the verdict is BLOCK for production").doesNotContain("signature:");
    }

    /** The page's "check this verdict again" command, run word for word from another folder, verifies the verdict. */
    @Test
    void shouldVerifyTheVerdictWithTheCommandIndexHtmlPrints() throws Exception {
        Matcher m = Pattern.compile("id=\"verify-command\">([^<]*)<").matcher(Files.readString(KEPT.resolve("index.html")));
        assertThat(m.find()).isTrue();
        String command = m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
        assertThat(command).startsWith("release-gates gate verify /");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path launcher = bin.resolve("release-gates");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' io.releasegates.cli.ReleaseGatesCommand \"$@\"\n");
        launcher.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(command + "\n" + out).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out).contains("the verdict is BLOCK for production");
    }

    @Test
    void shouldPassTheFixedDemoOnceEveryStepIsBuilt() throws IOException {
        StringWriter out = new StringWriter();
        int code = ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(new StringWriter(), true))
                .execute("check", "--config", DEMO.resolve("release-gates-fixed.yml").toString(), "--out", tmp.toString());

        JsonNode verdict = Json.mapper().readTree(tmp.resolve("verdict.json").toFile());
        List<String> blocking = new ArrayList<>();
        for (JsonNode c : verdict.path("conditions")) {
            if (!c.path("status").asText().equals("PASS") && !c.path("status").asText().equals("SKIPPED")) {
                blocking.add(c.path("ruleId").asText() + " " + c.path("gate").asText());
            }
        }
        String index = Files.readString(tmp.resolve("index.html"));
        if (!index.contains("not part of this build")) {
            assertThat(blocking).as(out.toString()).isEmpty();
            assertThat(code).isZero();
            assertThat(index).contains("id=\"verdict\">PASS<");
        } else {
            // until every step's engine is on main, the only reasons may be the evidence those steps could not write
            assertThat(blocking).as(out.toString()).allSatisfy(b -> assertThat(b).startsWith("RG-GATE-EVIDENCE-MISSING"));
        }
    }

    @Test
    void shouldExplainWhereTheDemoIsWhenRunOutsideTheRepository() {
        StringWriter err = new StringWriter();
        int code = ReleaseGatesCommand.newCommandLine().setErr(new PrintWriter(err, true))
                .execute("check", "--out", tmp.toString());

        // surefire runs in cli/, where test-fixtures/demo does not exist
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("bundled demo not found").contains("give --config FILE");
    }

    @Test
    void shouldRefuseAConfigWithAnUnknownStep() throws IOException {
        Path config = tmp.resolve("release-gates.yml");
        Files.writeString(config, "package: x.war\nenvironment: production\npolicy: p.yml\nsteps:\n  scna: {}\n");
        StringWriter err = new StringWriter();

        int code = ReleaseGatesCommand.newCommandLine().setErr(new PrintWriter(err, true))
                .execute("check", "--config", config.toString(), "--out", tmp.resolve("out").toString());

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("release-gates.yml:5: steps.scna: unknown step");
    }

    @Test
    void shouldRefuseToWriteIntoAFolderItDidNotCreateAndKeepEveryFileThere() throws IOException {
        Path config = tmp.resolve("release-gates.yml");
        Files.writeString(tmp.resolve("policy.yml"), "environments:\n  ops: [integrity]\n");
        Files.writeString(tmp.resolve("shop.war"), "x");
        Files.writeString(config, "package: shop.war\nenvironment: ops\npolicy: policy.yml\nsteps:\n"
                + "  integrity: {demo: true}\n");
        Path mine = Files.createDirectories(tmp.resolve("mine/work"));
        Files.writeString(mine.resolve("notes.md"), "mine");
        Files.writeString(tmp.resolve("mine/index.html"), "my page");
        StringWriter err = new StringWriter();

        int code = ReleaseGatesCommand.newCommandLine().setErr(new PrintWriter(err, true))
                .execute("check", "--config", config.toString(), "--out", tmp.resolve("mine").toString());

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("mine: not empty and not written by release-gates check")
                .doesNotContain("\tat ");
        assertThat(mine.resolve("notes.md")).hasContent("mine");
        assertThat(tmp.resolve("mine/index.html")).hasContent("my page");
    }

    @Test
    void shouldWriteAllReportsButExitTwoWhenAStepCannotReadItsInput() throws IOException {
        Path config = tmp.resolve("release-gates.yml");
        Files.writeString(tmp.resolve("policy.yml"), "environments:\n  ops: [integrity]\n");
        Files.writeString(tmp.resolve("shop.war"), "x");
        Files.writeString(config, "package: shop.war\nenvironment: ops\npolicy: policy.yml\nsteps:\n"
                + "  integrity: {tree: no-such-tree, baseline: no-such-baseline.json}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = ReleaseGatesCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("check", "--config", config.toString(), "--out", tmp.resolve("out").toString());

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(out.toString()).contains("Promotion to ops: BLOCK").contains("RG-GATE-EVIDENCE-INCOMPLETE");
        assertThat(err.toString()).contains("step integrity could not run:").contains("no-such-baseline.json");
        assertThat(tmp.resolve("out/index.html")).isRegularFile();
    }

    /** Opens index.html in headless Chromium, follows every HTML link, and keeps a screenshot under target/. */
    @Test
    void shouldShowVerdictAndReasonsInARealBrowser() throws Exception {
        ExternalTool.require("chromium", "chromium", "chromium-browser");
        assertThat(vulnerableCode).isEqualTo(ExitCodes.FINDINGS);
        Path index = KEPT.resolve("index.html").toAbsolutePath();

        String dom = dumpDom(index);
        assertThat(dom).contains("id=\"verdict\">BLOCK<").contains("id=\"reasons\"").contains("Promotion to")
                .contains("CVE-2022-42889").contains("block: CVE-2022-42889").contains("RG-SCAN-SECRET-AWS-KEY");
        List<String> pages = links(dom).stream().filter(l -> l.endsWith(".html")).toList();
        assertThat(pages).contains("verdict.html", "reports/inventory.html", "reports/scan.html", "reports/backups.html",
                "reports/integrity.html");
        for (String page : pages) {
            String linked = dumpDom(KEPT.resolve(page).toAbsolutePath());
            assertThat(linked).as(page).contains("<h1>").doesNotContain("ERR_FILE_NOT_FOUND");
            if (page.equals("verdict.html")) {
                assertThat(linked).contains("id=\"verdict\">BLOCK<").contains("id=\"reasons\"")
                        .contains("CVE-2022-42889").contains("block-at: high");
            }
            if (page.equals("reports/scan.html")) {
                assertThat(linked).contains("CVE-2022-42889").contains("WEB-INF/lib/acme-text-utils-1.0.0.jar");
            }
        }
        for (String page : List.of("index.html", "verdict.html")) {
            // kept for people to look at: the grouped reasons with severity and file columns
            Path screenshot = Path.of("target", "screenshots", "check-" + page.replace(".html", ".png")).toAbsolutePath();
            Files.createDirectories(screenshot.getParent());
            Files.deleteIfExists(screenshot);
            chrome(tmp, "--screenshot=" + screenshot, "--window-size=1280,1400",
                    KEPT.resolve(page).toAbsolutePath().toUri().toString());
            assertThat(screenshot).isRegularFile();
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
            assertThat(scrollWidth(KEPT.resolve(page))).as("%s at its default view in a 1280 px window", page)
                    .isLessThanOrEqualTo(1280);
        }
    }

    /** The page's scroll width in a 1280 px window: a copy with a script that writes it into the dumped DOM. */
    private int scrollWidth(Path page) throws Exception {
        Path copy = page.resolveSibling("width-probe-" + page.getFileName());
        Files.writeString(copy, Files.readString(page).replace("</body>", "<script>window.addEventListener('load',"
                + "function(){document.body.setAttribute('data-scroll-width',document.documentElement.scrollWidth)})"
                + "</script></body>"));
        try {
            Matcher m = Pattern.compile("data-scroll-width=\"(\\d+)\"").matcher(chrome(tmp, "--window-size=1280,900",
                    "--hide-scrollbars", "--dump-dom", copy.toAbsolutePath().toUri().toString()));
            assertThat(m.find()).as("scroll width of %s", page).isTrue();
            return Integer.parseInt(m.group(1));
        } finally {
            Files.delete(copy);
        }
    }

    private static List<String> links(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = HREF.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private String dumpDom(Path page) throws Exception {
        return chrome(tmp, "--dump-dom", page.toUri().toString());
    }

    private static String chrome(Path tmp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium")));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "chromium", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium exit; log: %s", Files.readString(log)).isZero();
        return new String(stdout, StandardCharsets.UTF_8);
    }

    private static String chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }
}
