package io.releasegates.fleet.monitor;

import io.releasegates.fleet.PackageRef;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Advisory data in the data dir layout (DIR/osv/Maven/all.zip, as osv.dev serves it) and release SBOMs for tests. */
public final class MonitorFixtures {
    public static final String CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    public static final String MEDIUM = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N";

    private MonitorFixtures() {
    }

    /** An OSV record for one Maven package, affected from 0 up to {@code fixed}. */
    public static String osv(String id, String mavenName, String fixed, String cvss) {
        return "{\"id\":\"" + id + "\",\"modified\":\"2026-11-01T00:00:00Z\",\"summary\":\"test advisory " + id + "\","
                + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"" + cvss + "\"}],"
                + "\"affected\":[{\"package\":{\"ecosystem\":\"Maven\",\"name\":\"" + mavenName + "\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed + "\"}]}]}]}";
    }

    /** Writes {@code dataDir/osv/Maven/all.zip} with these records (file name → JSON), replacing it atomically. */
    public static Path writeMavenArchive(Path dataDir, Map<String, String> records) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("osv").resolve("Maven"));
        Path tmp = Files.createTempFile(dir, "all", ".zip.tmp");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Map.Entry<String, String> r : records.entrySet()) {
                zip.putNextEntry(new ZipEntry(r.getKey()));
                zip.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Path zipFile = dir.resolve("all.zip");
        Files.move(tmp, zipFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // a data update is a new file: make its time differ even within the file system's time resolution
        Files.setLastModifiedTime(zipFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                + records.size() * 1000L + records.hashCode() % 1000));
        return zipFile;
    }

    public static PackageRef maven(String group, String artifact, String version) {
        return PackageRef.fromPurl("pkg:maven/" + group + "/" + artifact + "@" + version);
    }

    /** A CycloneDX JSON SBOM listing these purls. */
    public static byte[] sbom(List<String> purls) {
        StringBuilder s = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[");
        for (int i = 0; i < purls.size(); i++) {
            PackageRef r = PackageRef.fromPurl(purls.get(i));
            s.append(i == 0 ? "" : ",").append("{\"type\":\"library\",\"name\":\"").append(r.name()).append("\",\"version\":\"")
                    .append(r.version()).append("\",\"purl\":\"").append(purls.get(i)).append("\"}");
        }
        return s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A local webhook receiver (the JDK's HTTP server on 127.0.0.1) whose first {@code failFirst} requests get 500. */
    public static final class Receiver implements AutoCloseable {
        public record Delivery(String idempotencyKey, String signature, String event, byte[] body, int status) {
        }

        private final com.sun.net.httpserver.HttpServer server;
        private final java.util.List<Delivery> deliveries = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final java.util.concurrent.atomic.AtomicInteger failuresLeft;

        public Receiver(int failFirst) throws IOException {
            failuresLeft = new java.util.concurrent.atomic.AtomicInteger(failFirst);
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
                deliveries.add(new Delivery(ex.getRequestHeaders().getFirst("Idempotency-Key"),
                        ex.getRequestHeaders().getFirst("X-Release-Gates-Signature"),
                        ex.getRequestHeaders().getFirst("X-Release-Gates-Event"), body, status));
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        public void failNext(int n) {
            failuresLeft.set(n);
        }

        public java.util.List<Delivery> deliveries() {
            synchronized (deliveries) {
                return java.util.List.copyOf(deliveries);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
