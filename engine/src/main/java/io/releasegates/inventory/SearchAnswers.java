package io.releasegates.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the three checksum-search answers, each in the shape its vendor documents. A shape we do not recognise is
 * an {@link IllegalArgumentException} (the caller reports "answer not understood"), never an empty hit list: an
 * empty list means "the server does not know this SHA-1".
 */
final class SearchAnswers {
    private SearchAnswers() {
    }

    /**
     * Maven Central ({@code /solrsearch/select?q=1:"SHA1"&wt=json}):
     * {@code {"responseHeader":{…},"response":{"numFound":1,"start":0,"docs":[{"id":"g:a:v","g":…,"a":…,"v":…,"p":"jar",…}]}}}.
     * Central's index does not say which file of the version matched, hence no classifier.
     */
    static List<MavenCoordinates> central(JsonNode root) {
        JsonNode docs = root.path("response").path("docs");
        if (!docs.isArray()) {
            throw new IllegalArgumentException("no response.docs array");
        }
        Set<MavenCoordinates> out = new LinkedHashSet<>();
        for (JsonNode d : docs) {
            MavenCoordinates c = new MavenCoordinates(d.path("g").asText(""), d.path("a").asText(""),
                    d.path("v").asText(""), "");
            if (c.complete()) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Nexus 3 ({@code /service/rest/v1/search?sha1=…}): {@code {"items":[{"repository":…,"format":"maven2","group":…,
     * "name":…,"version":…,"assets":[{"path":…,"checksum":{"sha1":…,"md5":…},"maven2":{…}}]}],"continuationToken":…}}.
     * A component holds every file of the version (jar, pom, sources): the asset with this SHA-1 says which file
     * matched (its path gives the classifier); an item of another format is not a Maven artifact.
     */
    static List<MavenCoordinates> nexus(JsonNode root, String sha1) {
        JsonNode items = root.path("items");
        if (!items.isArray()) {
            throw new IllegalArgumentException("no items array");
        }
        Set<MavenCoordinates> out = new LinkedHashSet<>();
        for (JsonNode item : items) {
            String format = item.path("format").asText("maven2");
            if (!format.equals("maven2")) {
                continue;
            }
            boolean anyChecksum = false;
            boolean matched = false;
            for (JsonNode asset : item.path("assets")) {
                String assetSha1 = asset.path("checksum").path("sha1").asText("");
                anyChecksum |= !assetSha1.isEmpty();
                if (assetSha1.equalsIgnoreCase(sha1)) {
                    Optional<MavenCoordinates> c = fromMaven2(asset.path("maven2"))
                            .or(() -> MavenCoordinates.fromRepositoryPath(asset.path("path").asText("")));
                    c.ifPresent(out::add);
                    matched |= c.isPresent();
                }
            }
            if (!anyChecksum && !matched) {
                // an answer without asset checksums: the component itself is what the server matched
                MavenCoordinates c = new MavenCoordinates(item.path("group").asText(""), item.path("name").asText(""),
                        item.path("version").asText(""), "");
                if (c.complete()) {
                    out.add(c);
                }
            }
        }
        return List.copyOf(out);
    }

    private static Optional<MavenCoordinates> fromMaven2(JsonNode m) {
        if (!m.isObject()) {
            return Optional.empty();
        }
        MavenCoordinates c = new MavenCoordinates(m.path("groupId").asText(""), m.path("artifactId").asText(""),
                m.path("version").asText(""), m.path("classifier").asText(""));
        return c.complete() ? Optional.of(c) : Optional.empty();
    }

    /**
     * Artifactory ({@code /api/search/checksum?sha1=…}): {@code {"results":[{"uri":"…/api/storage/REPO/PATH"}]}};
     * with {@code X-Result-Detail: info} (which we send) a result also carries {@code repo}, {@code path} and
     * {@code checksums}, so the storage API ({@code GET /api/storage/REPO/PATH}) is never needed: its answer would
     * hold the same path and checksums. A result whose checksums name another SHA-1 is dropped; one whose path is not
     * in the Maven layout (a generic repository) is skipped.
     */
    static List<MavenCoordinates> artifactory(JsonNode root, String sha1) {
        JsonNode results = root.path("results");
        if (!results.isArray()) {
            throw new IllegalArgumentException("no results array");
        }
        Set<MavenCoordinates> out = new LinkedHashSet<>();
        for (JsonNode r : results) {
            String detailSha1 = r.path("checksums").path("sha1").asText("");
            if (!detailSha1.isEmpty() && !detailSha1.equalsIgnoreCase(sha1)) {
                continue;
            }
            String path = r.path("path").asText("");
            if (path.isEmpty()) {
                String uri = r.path("uri").asText("");
                int at = uri.indexOf("/api/storage/");
                String rest = at < 0 ? "" : uri.substring(at + "/api/storage/".length());
                int slash = rest.indexOf('/');
                path = slash < 0 ? "" : java.net.URLDecoder.decode(rest.substring(slash + 1).replace("+", "%2B"),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            MavenCoordinates.fromRepositoryPath(path).ifPresent(out::add);
        }
        return List.copyOf(out);
    }
}
