package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.releasegates.report.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release-gates scan --nvd-api-key-file FILE --nvd-api-url URL} against a local NVD API 2.0 endpoint (real sockets,
 * Dependency-Check's real client): the key goes only into the {@code apiKey} header, never into stdout, stderr or a
 * report, also when the server rejects it and the client quotes its ends.
 */
class ScanNvdApiCommandTest {
    static final Path WAR = Path.of(System.getProperty("releasegates.fixtures"), "sample-vulnerable.war");
    static final Path RECORDS = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories", "nvd");
    static final String KEY = "7e57ab1e-1d2c-4b3a-8f9e-0123456789cd";
    static final String PATH = "/rest/json/cves/2.0";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    /** Runs the CLI with stdout and stderr captured. */
    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = ReleaseGatesCommand.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void shouldScanThroughTheApiWithTheKeyOnlyInTheRequestHeader() throws Exception {
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String page = page();
        server.createContext(PATH, exchange -> {
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("apiKey")));
            send(exchange, page);
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
        Run run;
        try {
            run = run("scan", WAR.toString(), "--nvd-api-key-file", keyFile().toString(), "--nvd-api-url", url,
                    "--data-dir", tmp.resolve("data").toString(), "--json", tmp.resolve("scan.json").toString(),
                    "--sarif", tmp.resolve("scan.sarif").toString(), "--html", tmp.resolve("scan.html").toString(),
                    "--junit", tmp.resolve("junit.xml").toString(), "--evidence-dir", tmp.resolve("evidence").toString());
        } finally {
            server.stop(0);
        }

        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k).isEqualTo(KEY));
        JsonNode sarif = Json.mapper().readTree(tmp.resolve("scan.sarif").toFile());
        List<String> rules = new ArrayList<>();
        sarif.path("runs").get(0).path("results").forEach(r -> rules.add(r.path("ruleId").asText()));
        assertThat(rules).contains("CVE-2021-44832", "CVE-2021-45046", "CVE-2022-1471", "CVE-2022-42889");
        JsonNode evidence = Json.mapper().readTree(tmp.resolve("scan.json").toFile());
        assertThat(evidence.toString()).contains("advisories-nvd-api").contains(url);
        assertThat(run.out() + run.err()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 5));
        try (Stream<Path> files = Files.walk(tmp).filter(Files::isRegularFile)
                .filter(f -> !f.startsWith(tmp.resolve("data")) && !f.startsWith(tmp.resolve("secret")))) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 8));
            }
        }
    }

    @Test
    void shouldExitTwoWhenTheServerRejectsTheKeyWithoutPrintingAnyPartOfIt() throws Exception {
        try (InvalidKeyServer server = new InvalidKeyServer()) {
            Run run = run("scan", WAR.toString(), "--nvd-api-key-file", keyFile().toString(), "--nvd-api-url", server.url(),
                    "--data-dir", tmp.resolve("data").toString(), "--json", tmp.resolve("scan.json").toString());

            assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(server.keys).isNotEmpty().allSatisfy(k -> assertThat(k).isEqualTo(KEY));
            assertThat(run.err()).contains("release-gates: NVD API " + server.url()
                    + ": update failed (Invalid API Key: *****-*****-*****)" + System.lineSeparator());
            // Dependency-Check's own log of the exception quotes the key's first and last five characters
            assertThat(run.out() + run.err()).doesNotContain(KEY.substring(0, 5)).doesNotContain(KEY.substring(KEY.length() - 5));
            assertThat(tmp.resolve("scan.json")).doesNotExist();
        }
    }

    /** The key in a file of its own (as a CI secret file would hold it), outside the folders the test searches. */
    private Path keyFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("secret"));
        return Files.writeString(dir.resolve("nvd.key"), KEY + "\n");
    }

    @Test
    void shouldRefuseTheKeyAsACommandLineValueWithoutEchoingIt() {
        Run run = run("scan", WAR.toString(), "--nvd-api-key", KEY, "--data-dir", tmp.resolve("data").toString(),
                "--json", tmp.resolve("scan.json").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).startsWith("release-gates: --nvd-api-key no longer takes the key as a value")
                .contains("--nvd-api-key-env VAR").contains("--nvd-api-key-file FILE").doesNotContain(KEY.substring(0, 5));
        assertThat(run.out()).isEmpty();
        assertThat(tmp.resolve("scan.json")).doesNotExist();
    }

    @Test
    void shouldExitTwoNamingTheVariableWhenTheKeyVariableIsUnsetOrTheFileMissing() {
        Run unset = run("scan", WAR.toString(), "--nvd-api-key-env", "RELEASE_GATES_TEST_UNSET_NVD_KEY",
                "--data-dir", tmp.resolve("data").toString());
        Run missing = run("scan", WAR.toString(), "--nvd-api-key-file", tmp.resolve("none.key").toString(),
                "--data-dir", tmp.resolve("data").toString());
        Run both = run("scan", WAR.toString(), "--nvd-api-key-env", "X", "--nvd-api-key-file", "y",
                "--data-dir", tmp.resolve("data").toString());

        assertThat(unset.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unset.err().strip()).isEqualTo("release-gates: --nvd-api-key-env: environment variable "
                + "RELEASE_GATES_TEST_UNSET_NVD_KEY is not set");
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err().strip()).isEqualTo("release-gates: --nvd-api-key-file " + tmp.resolve("none.key")
                + ": no such regular file");
        assertThat(both.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(both.err()).contains("give the environment variable or the file, not both");
    }

    @Test
    void shouldExitTwoOnAnApiUrlThatIsNotHttpNamingTheOption() {
        Run run = run("scan", WAR.toString(), "--nvd-api-url", "ftp://nvd.example.org/", "--data-dir", tmp.resolve("data").toString());
        assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("release-gates: --nvd-api-url 'ftp://nvd.example.org/': not an http or https URL");
    }

    /** Every bundled sample record (test-fixtures/advisories/nvd) in one NVD API 2.0 page. */
    static String page() throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode vulnerabilities = Json.mapper().createArrayNode();
        try (Stream<Path> files = Files.list(RECORDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                vulnerabilities.addObject().set("cve", Json.mapper().readTree(f.toFile()));
            }
        }
        root.put("resultsPerPage", vulnerabilities.size());
        root.put("startIndex", 0);
        root.put("totalResults", vulnerabilities.size());
        root.put("format", "NVD_CVE");
        root.put("version", "2.0");
        root.put("timestamp", LocalDateTime.now().withNano(0).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")));
        root.set("vulnerabilities", vulnerabilities);
        return Json.mapper().writeValueAsString(root);
    }

    static void send(HttpExchange exchange, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Answers as NVD does to a wrong key: 404 with a lower-case {@code message: Invalid apiKey.} header. Written on a
     * plain socket because the JDK's HttpServer capitalises header names, and Dependency-Check's client only reads
     * {@code message} exactly.
     */
    static final class InvalidKeyServer implements AutoCloseable {
        final List<String> keys = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;

        InvalidKeyServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(this::serve, "invalid-key-server");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + PATH;
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("apikey:")) {
                            keys.add(line.substring("apikey:".length()).trim());
                        }
                    }
                    client.getOutputStream().write(("HTTP/1.1 404 Not Found\r\nmessage: Invalid apiKey.\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // closed by the test, or a client that went away
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
