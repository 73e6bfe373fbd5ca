package io.releasegates.inventory;

import io.releasegates.report.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything found in one package (or on one host). Immutable.
 *
 * @param subject      the package's file name, or the host name
 * @param subjectSha256 hex SHA-256 of the package file; empty for a directory or a host
 * @param root         the package's own identity (from its own Maven metadata), if it has one
 * @param components   the components directly in the package (jars of a WAR, BOOT-INF/lib of a fat jar, OS packages);
 *                     shaded and jar-in-jar libraries are {@link Component#nested()} inside them
 * @param findings     problems met while reading (RG-INV-… rules), unidentified components included
 * @param errors       reasons the inventory is incomplete; empty when complete
 * @param metadata     facts about the subject: {@code host.name}, {@code os.id}, {@code entries}, …
 * @param created      when the inventory was taken
 */
public record Inventory(String subject, String subjectSha256, Optional<Component> root, List<Component> components,
                        List<Finding> findings, List<String> errors, Map<String, String> metadata, Instant created) {

    public Inventory {
        subjectSha256 = subjectSha256 == null ? "" : subjectSha256;
        root = root == null ? Optional.empty() : root;
        components = List.copyOf(components);
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
        metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(metadata == null ? Map.of() : metadata));
        created = created == null ? Instant.now() : created;
    }

    /** Every component including nested ones (not the root), depth first: what vulnerability matching should read. */
    public Stream<Component> all() {
        return components.stream().flatMap(Component::flatten);
    }

    /** The same inventory with more findings (e.g. from an {@link SbomComparison}). */
    public Inventory withFindings(List<Finding> more) {
        List<Finding> all = new java.util.ArrayList<>(findings);
        all.addAll(more);
        return new Inventory(subject, subjectSha256, root, components, all, errors, metadata, created);
    }

    public boolean complete() {
        return errors.isEmpty();
    }
}
