package io.releasegates.inventory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.releasegates.files.Digests;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A repository manager on 127.0.0.1 that knows some jars by SHA-1 and answers checksum searches in the shape each
 * vendor documents: Maven Central's Solr search, Nexus 3's component search, Artifactory's checksum search (with
 * {@code X-Result-Detail: info}). Requests are recorded; {@link #override} replaces the answer (faults).
 */
public final class RepositoryManagerServer implements AutoCloseable {
    /** A jar the server holds: its SHA-1 and where it lives in the Maven layout. */
    public record Artifact(String sha1, String groupId, String artifactId, String version) {
        /** The artifact whose content is {@code jar}, known by the jar's SHA-1 as a checksum search asks for it. */
        public static Artifact of(byte[] jar, String groupId, String artifactId, String version) {
            return new Artifact(HexFormat.of().formatHex(Digests.newDigest("SHA-1").digest(jar)), groupId, artifactId,
                    version);
        }

        String path() {
            return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version + ".jar";
        }
    }

    /** One request as received. */
    public record Request(String path, String query, String authorization, String resultDetail) {
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Artifact> bySha1 = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final RepositorySearch.Kind kind;
    /** Required {@code Authorization} header value; null = anonymous access. */
    private volatile String requiredAuthorization;
    private volatile Function<HttpExchange, Boolean> override = e -> false;

    public RepositoryManagerServer(RepositorySearch.Kind kind, Artifact... artifacts) throws IOException {
        this.kind = kind;
        for (Artifact a : artifacts) {
            bySha1.put(a.sha1(), a);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "repository-manager-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL a user would configure: Artifactory lives under {@code /artifactory}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (kind == RepositorySearch.Kind.ARTIFACTORY ? "/artifactory" : "");
    }

    public void requireAuthorization(String header) {
        requiredAuthorization = header;
    }

    /** {@code handler} answers instead when it returns true. */
    public void override(Function<HttpExchange, Boolean> handler) {
        override = handler;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(new Request(uri.getPath(), uri.getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Result-Detail")));
            if (override.apply(exchange)) {
                return;
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "BASIC realm=\"Sonatype Nexus Repository Manager\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String query = uri.getRawQuery() == null ? "" : URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8);
            switch (kind) {
                case CENTRAL -> {
                    if (!uri.getPath().equals("/solrsearch/select")) {
                        send(exchange, 404, "");
                        return;
                    }
                    send(exchange, 200, central(query));
                }
                case NEXUS -> {
                    if (!uri.getPath().equals("/service/rest/v1/search")) {
                        send(exchange, 404, "");
                        return;
                    }
                    send(exchange, 200, nexus(param(query, "sha1")));
                }
                case ARTIFACTORY -> {
                    if (!uri.getPath().equals("/artifactory/api/search/checksum")) {
                        send(exchange, 404, "");
                        return;
                    }
                    send(exchange, 200, artifactory(param(query, "sha1"),
                            "info".equals(exchange.getRequestHeaders().getFirst("X-Result-Detail"))));
                }
            }
        }
    }

    private static String param(String query, String name) {
        for (String part : query.split("&")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return "";
    }

    /** Maven Central: {@code q=1:"SHA1"} → Solr's response with one doc per artifact (core gav fields). */
    private String central(String query) {
        String q = param(query, "q");
        String sha1 = q.startsWith("1:\"") && q.endsWith("\"") ? q.substring(3, q.length() - 1) : "";
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode header = root.putObject("responseHeader");
        header.put("status", 0).put("QTime", 1);
        header.putObject("params").put("q", q).put("core", "").put("indent", "off").put("fl", "id,g,a,v,p,ec,timestamp,tags")
                .put("start", "").put("sort", "score desc,timestamp desc,g asc,a asc,v desc").put("rows", param(query, "rows"))
                .put("wt", "json").put("version", "2.2");
        Artifact a = bySha1.get(sha1);
        ObjectNode response = root.putObject("response");
        response.put("numFound", a == null ? 0 : 1).put("start", 0);
        ArrayNode docs = response.putArray("docs");
        if (a != null) {
            ObjectNode d = docs.addObject();
            d.put("id", a.groupId() + ":" + a.artifactId() + ":" + a.version()).put("g", a.groupId())
                    .put("a", a.artifactId()).put("v", a.version()).put("p", "jar").put("timestamp", 1646901234000L);
            d.putArray("ec").add("-sources.jar").add(".pom").add("-javadoc.jar").add(".jar").add(".module");
            d.putArray("tags").add("spring").add("framework");
        }
        return root.toString();
    }

    /** Nexus 3: the component holding an asset with this SHA-1, with all its assets (jar, pom, sources). */
    private String nexus(String sha1) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode items = root.putArray("items");
        Artifact a = bySha1.get(sha1);
        if (a != null) {
            ObjectNode item = items.addObject();
            item.put("id", "bWF2ZW4tY2VudHJhbDoxMjM0NTY3ODkw").put("repository", "maven-central").put("format", "maven2")
                    .put("group", a.groupId()).put("name", a.artifactId()).put("version", a.version());
            ArrayNode assets = item.putArray("assets");
            String base = a.path().substring(0, a.path().length() - ".jar".length());
            asset(assets, base + ".pom", "0123456789abcdef0123456789abcdef01234567", a, "pom", "");
            asset(assets, base + "-sources.jar", "89abcdef0123456789abcdef0123456789abcdef", a, "jar", "sources");
            asset(assets, a.path(), a.sha1(), a, "jar", "");
        }
        root.putNull("continuationToken");
        return root.toString();
    }

    private void asset(ArrayNode assets, String path, String sha1, Artifact a, String extension, String classifier) {
        ObjectNode asset = assets.addObject();
        asset.put("downloadUrl", url() + "/repository/maven-central/" + path).put("path", path)
                .put("id", "bWF2ZW4tY2VudHJhbDo" + Math.abs(path.hashCode())).put("repository", "maven-central")
                .put("format", "maven2").put("contentType", "application/java-archive")
                .put("lastModified", "2022-03-17T10:30:00.000+00:00").put("fileSize", 1_500_000);
        asset.putObject("checksum").put("sha1", sha1).put("md5", "87ee0258b79dc852626b91818316e9a1");
        ObjectNode maven2 = asset.putObject("maven2");
        maven2.put("extension", extension).put("groupId", a.groupId()).put("artifactId", a.artifactId())
                .put("version", a.version());
        if (!classifier.isEmpty()) {
            maven2.put("classifier", classifier);
        }
    }

    /** Artifactory: file info URIs; with {@code X-Result-Detail: info} also repo, path and checksums. */
    private String artifactory(String sha1, boolean info) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode results = root.putArray("results");
        Artifact a = bySha1.get(sha1);
        if (a != null) {
            ObjectNode r = results.addObject();
            r.put("uri", url() + "/api/storage/libs-release/" + a.path());
            if (info) {
                r.put("repo", "libs-release").put("path", "/" + a.path()).put("created", "2022-03-17T10:30:00.000Z")
                        .put("createdBy", "deployer").put("mimeType", "application/java-archive").put("size", "1500000");
                r.putObject("checksums").put("sha1", a.sha1()).put("md5", "87ee0258b79dc852626b91818316e9a1");
                r.put("downloadUri", url() + "/libs-release/" + a.path());
            }
        }
        return root.toString();
    }

    public static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
