package io.releasegates.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checksum-search answers on disk, one small JSON file per SHA-1 under a folder per server (so that processes
 * sharing the cache never rewrite each other's files): {@code {"checked":"2026-…Z","coordinates":[{…}]}}. A hit is
 * kept for good; a miss is believed for {@code negativeTtl}. A damaged or unreadable entry is simply asked again.
 */
final class SearchCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final Duration negativeTtl;
    private final Clock clock;

    /** @param root null for no cache */
    SearchCache(Path root, RepositorySearch search, Clock clock) {
        // anonymous and authenticated users may see different repositories: separate caches
        String key = search.kind().label() + " " + search.base() + (search.credential() == null ? "" : " authenticated");
        this.dir = root == null ? null
                : root.resolve(search.kind().label() + "-" + Digests.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        this.negativeTtl = search.negativeTtl();
        this.clock = clock;
    }

    /** The cached answer (coordinates, possibly none = a miss still believed), or empty to ask the server. */
    Optional<List<MavenCoordinates>> get(String sha1) {
        if (dir == null) {
            return Optional.empty();
        }
        Path file = dir.resolve(sha1 + ".json");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 64 * 1024) {
                return Optional.empty();
            }
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            Instant checked = Instant.parse(root.path("checked").asText());
            List<MavenCoordinates> found = new ArrayList<>();
            for (JsonNode c : root.path("coordinates")) {
                MavenCoordinates m = new MavenCoordinates(c.path("groupId").asText(""), c.path("artifactId").asText(""),
                        c.path("version").asText(""), c.path("classifier").asText(""));
                if (m.complete()) {
                    found.add(m);
                }
            }
            if (found.isEmpty() && Duration.between(checked, clock.instant()).compareTo(negativeTtl) > 0) {
                return Optional.empty();
            }
            return Optional.of(List.copyOf(found));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged entry is asked again and rewritten
        }
    }

    /** Records an answer the server gave (never a failure). */
    void put(String sha1, List<MavenCoordinates> found) {
        if (dir == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("checked", clock.instant().toString());
        ArrayNode list = root.putArray("coordinates");
        for (MavenCoordinates c : found) {
            list.addObject().put("groupId", c.groupId()).put("artifactId", c.artifactId()).put("version", c.version())
                    .put("classifier", c.classifier());
        }
        AtomicCacheFile.replace(dir.resolve(sha1 + ".json"), sha1,
                tmp -> Files.writeString(tmp, root.toString(), StandardCharsets.UTF_8));
    }
}
