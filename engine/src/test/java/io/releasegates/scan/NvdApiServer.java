package io.releasegates.scan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local NVD API 2.0 CVE endpoint ({@code /rest/json/cves/2.0}) on a real socket, speaking as much of the protocol
 * as Dependency-Check's NVD client uses: {@code resultsPerPage} (at most 2,000) and {@code startIndex} paging,
 * {@code lastModStartDate}/{@code lastModEndDate} filtering (both or neither, at most 120 days apart), and the
 * response fields {@code resultsPerPage}, {@code startIndex}, {@code totalResults}, {@code format}, {@code version},
 * {@code timestamp} and {@code vulnerabilities[].cve}. Records are kept sorted by {@code lastModified}, as NVD's
 * paging is stable. Every request is recorded with its query and its {@code apiKey} header.
 */
final class NvdApiServer implements AutoCloseable {
    static final String PATH = "/rest/json/cves/2.0";
    private static final int MAX_PAGE = 2000;

    /** How the server answers: the data, or one of the failures a mirror or NVD itself can give. */
    enum Answer { DATA, FORBIDDEN, NOT_FOUND, SERVER_ERROR, GARBAGE_JSON }

    /** One request as the server saw it. */
    record Request(Map<String, String> query, String apiKey) {
    }

    private final HttpServer server;
    private final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    private volatile Answer answer = Answer.DATA;

    NvdApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** The endpoint URL, as {@code --nvd-api-url} takes it. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Serves the bundled test record {@code ID.json} (src/test/resources/io/releasegates/scan/nvd-api). */
    NvdApiServer serve(String cveId) {
        return add(fixture(cveId));
    }

    /** Serves the record as modified by NVD at {@code lastModified}, replacing an earlier copy of it. */
    NvdApiServer serveModified(String cveId, Instant lastModified) {
        ObjectNode cve = fixture(cveId);
        cve.put("lastModified", LocalDateTime.ofInstant(lastModified, ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")));
        return add(cve);
    }

    /**
     * Serves {@code count} synthetic records (CVE-2099-1xxxx, last modified in 2020, no CPE configuration) so that the
     * data spans more than one of the client's pages of 2,000.
     */
    NvdApiServer serveFillers(int count) {
        for (int i = 0; i < count; i++) {
            ObjectNode cve = Json.mapper().createObjectNode();
            cve.put("id", "CVE-2099-" + (10000 + i));
            cve.put("published", "2020-01-01T00:00:00.000");
            cve.put("lastModified", "2020-01-02T00:00:00.000");
            cve.put("vulnStatus", "Analyzed");
            cve.putArray("descriptions").addObject().put("lang", "en").put("value", "Synthetic record number " + i + " (paging test).");
            cve.putObject("metrics");
            cve.putArray("references");
            records.add(cve);
        }
        sort();
        return this;
    }

    void answer(Answer value) {
        answer = value;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests the server refused as NVD would (bad paging, half a date range, more than 120 days). */
    List<String> protocolErrors() {
        return List.copyOf(protocolErrors);
    }

    void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private NvdApiServer add(ObjectNode cve) {
        records.removeIf(r -> r.path("id").asText().equals(cve.path("id").asText()));
        records.add(cve);
        sort();
        return this;
    }

    private void sort() {
        List<ObjectNode> sorted = new ArrayList<>(records);
        sorted.sort((a, b) -> a.path("lastModified").asText().compareTo(b.path("lastModified").asText()));
        records.clear();
        records.addAll(sorted);
    }

    private static ObjectNode fixture(String cveId) {
        String resource = "nvd-api/" + cveId + ".json";
        try (InputStream in = NvdApiServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test record " + resource);
            }
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(new Request(query, exchange.getRequestHeaders().getFirst("apiKey")));
            switch (answer) {
                case FORBIDDEN -> send(exchange, 403, "");
                case NOT_FOUND -> send(exchange, 404, "");
                case SERVER_ERROR -> send(exchange, 500, "<html><body>Internal Server Error</body></html>");
                case GARBAGE_JSON -> send(exchange, 200, "{\"resultsPerPage\": 1, \"vulnerabilities\": [ {\"cve\": tru");
                default -> {
                    String body;
                    try {
                        body = page(query);
                    } catch (IllegalArgumentException e) {
                        // NVD answers a request it does not accept with 404; the test asserts there were none
                        protocolErrors.add(e.getMessage());
                        send(exchange, 404, "");
                        return;
                    }
                    send(exchange, 200, body);
                }
            }
        }
    }

    private String page(Map<String, String> query) throws IOException {
        int perPage = number(query, "resultsPerPage", MAX_PAGE);
        int start = number(query, "startIndex", 0);
        if (perPage < 1 || perPage > MAX_PAGE || start < 0) {
            throw new IllegalArgumentException("bad paging " + query);
        }
        List<ObjectNode> selected = new ArrayList<>();
        String from = query.get("lastModStartDate");
        String to = query.get("lastModEndDate");
        if (from == null != (to == null)) {
            throw new IllegalArgumentException("lastModStartDate and lastModEndDate go together " + query);
        }
        for (ObjectNode cve : records) {
            if (from == null || within(cve.path("lastModified").asText(), from, to)) {
                selected.add(cve);
            }
        }
        List<ObjectNode> page = selected.subList(Math.min(start, selected.size()), Math.min(start + perPage, selected.size()));
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("resultsPerPage", page.size());
        root.put("startIndex", start);
        root.put("totalResults", selected.size());
        root.put("format", "NVD_CVE");
        root.put("version", "2.0");
        root.put("timestamp", LocalDateTime.now(ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")));
        ArrayNode vulnerabilities = root.putArray("vulnerabilities");
        page.forEach(cve -> vulnerabilities.addObject().set("cve", cve));
        return Json.mapper().writeValueAsString(root);
    }

    private static int number(Map<String, String> query, String name, int fallback) {
        try {
            return Integer.parseInt(query.getOrDefault(name, String.valueOf(fallback)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + query);
        }
    }

    private static boolean within(String lastModified, String from, String to) {
        try {
            Instant modified = LocalDateTime.parse(lastModified).toInstant(ZoneOffset.UTC);
            Instant start = OffsetDateTime.parse(from).toInstant();
            Instant end = OffsetDateTime.parse(to).toInstant();
            if (end.isBefore(start) || end.isAfter(start.plus(120, ChronoUnit.DAYS))) {
                throw new IllegalArgumentException("NVD allows at most 120 days: " + from + " .. " + to);
            }
            return !modified.isBefore(start) && !modified.isAfter(end);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO date-time: " + from + " / " + to, e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return Collections.unmodifiableMap(out);
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return Collections.unmodifiableMap(out);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "text/html");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
