package io.releasegates.gate.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/** The demo's generated inputs: small, deterministic, written fresh under the run's work folder. */
final class DemoData {
    private DemoData() {
    }

    /** A deployed application's configuration tree as the integrity step checks it. */
    static Path configTree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put("app/application.properties", """
                server.port=8080
                spring.datasource.url=jdbc:postgresql://db.internal:5432/shop
                spring.datasource.username=shop
                management.endpoints.web.exposure.include=health,info
                """);
        files.put("app/logback.xml", """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>/var/log/shop/shop.log</file>
                    <encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """);
        files.put("nginx/sites-enabled/shop.conf", """
                server {
                  listen 443 ssl;
                  server_name shop.example;
                  location / { proxy_pass http://127.0.0.1:8080; }
                }
                """);
        files.put("systemd/shop.service", """
                [Unit]
                Description=Shop
                [Service]
                ExecStart=/opt/shop/bin/start.sh
                User=shop
                [Install]
                WantedBy=multi-user.target
                """);
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        Path start = dir.resolve("bin/start.sh");
        Files.createDirectories(start.getParent());
        Files.writeString(start, "#!/bin/sh\nexec java -jar /opt/shop/shop.war\n");
        try {
            Files.setPosixFilePermissions(start, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the baseline records what the OS reports, both sides alike
        }
        return dir;
    }
}
