package io.releasegates.inventory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One identified component of a package or a host.
 *
 * @param type       library (jars, OS packages), application (the package itself) or platform (the JVM)
 * @param group      Maven groupId, or the OS distribution namespace; empty when unknown
 * @param name       artifactId or package name; for an unidentified jar its file name
 * @param version    empty when unknown
 * @param purl       canonical package URL, empty when the evidence does not allow one (never invented)
 * @param sha1       hex SHA-1 of the jar's bytes; empty for embedded (shaded) and OS components
 * @param sha256     hex SHA-256 of the jar's bytes; empty for embedded (shaded) and OS components
 * @param path       path inside the package ({@code WEB-INF/lib/a.jar}, nested with {@code !/}); for a shaded
 *                   library the path of the jar that embeds it
 * @param evidence   what identified it
 * @param confidence how sure the identification is
 * @param nested     libraries embedded in this jar (shaded with their Maven metadata, or jars inside the jar)
 * @param properties further facts, e.g. {@code packages}, {@code manifest.title}, {@code arch}
 */
public record Component(Type type, String group, String name, String version, String purl, String sha1,
                        String sha256, String path, Evidence evidence, Evidence.Confidence confidence,
                        List<Component> nested, Map<String, String> properties) {

    public enum Type { LIBRARY, APPLICATION, PLATFORM }

    public Component {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(evidence, "evidence");
        group = group == null ? "" : group;
        version = version == null ? "" : version;
        purl = purl == null ? "" : purl;
        sha1 = sha1 == null ? "" : sha1;
        sha256 = sha256 == null ? "" : sha256;
        path = path == null ? "" : path;
        confidence = confidence == null ? evidence.confidence() : confidence;
        nested = List.copyOf(nested == null ? List.of() : nested);
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties == null ? Map.of() : properties));
    }

    public Optional<String> purlIfKnown() {
        return purl.isEmpty() ? Optional.empty() : Optional.of(purl);
    }

    /** This component and every component nested in it, depth first. */
    public Stream<Component> flatten() {
        return Stream.concat(Stream.of(this), nested.stream().flatMap(Component::flatten));
    }

    /** {@code group:name} (or just the name), for people. */
    public String coordinates() {
        return (group.isEmpty() ? "" : group + ":") + name + (version.isEmpty() ? "" : ":" + version);
    }

    Component withNested(List<Component> value) {
        return new Component(type, group, name, version, purl, sha1, sha256, path, evidence, confidence, value,
                properties);
    }

    Component withType(Type value) {
        return new Component(value, group, name, version, purl, sha1, sha256, path, evidence, confidence, nested,
                properties);
    }
}
