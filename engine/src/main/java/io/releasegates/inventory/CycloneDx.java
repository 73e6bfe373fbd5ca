package io.releasegates.inventory;

import io.releasegates.report.ToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.evidence.Identity;
import org.cyclonedx.model.component.evidence.Method;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * An {@link Inventory} as a CycloneDX 1.6 SBOM (JSON or XML), written by cyclonedx-core-java.
 *
 * <p>Per component: purl, SHA-1 and SHA-256 hashes, nested components, the identity evidence (field, confidence,
 * technique) and properties {@code releasegates:path}, {@code releasegates:evidence}, {@code releasegates:confidence},
 * {@code releasegates:unidentified} (only on a component without a purl) and the component's facts.
 * An incomplete inventory says so in the BOM property {@code releasegates:incomplete}.
 */
public final class CycloneDx {
    /** Property name prefix of everything release-gates adds. */
    public static final String NS = "releasegates:";

    public enum Format {
        JSON, XML;

        public static Format parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown SBOM format '" + text + "' (expected json or xml)", e);
            }
        }
    }

    private CycloneDx() {
    }

    public static Bom toBom(Inventory inventory) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
        bom.setVersion(1);
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(inventory.created()));
        ToolInformation tools = new ToolInformation();
        org.cyclonedx.model.Component tool = new org.cyclonedx.model.Component();
        tool.setType(org.cyclonedx.model.Component.Type.APPLICATION);
        tool.setName("release-gates");
        tool.setVersion(ToolVersion.get());
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        metadata.setComponent(subject(inventory));
        List<Property> props = new ArrayList<>();
        inventory.metadata().forEach((k, v) -> props.add(new Property(NS + k, v)));
        if (!inventory.complete()) {
            props.add(new Property(NS + "incomplete", String.join("; ", inventory.errors())));
        }
        metadata.setProperties(props);
        bom.setMetadata(metadata);
        Set<String> refs = new HashSet<>();
        List<org.cyclonedx.model.Component> components = new ArrayList<>();
        for (Component c : inventory.components()) {
            components.add(convert(c, refs));
        }
        bom.setComponents(components);
        return bom;
    }

    public static String toString(Inventory inventory, Format format) {
        Bom bom = toBom(inventory);
        try {
            return format == Format.JSON
                    ? BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString()
                    : BomGeneratorFactory.createXml(Version.VERSION_16, bom).toXmlString();
        } catch (GeneratorException e) {
            throw new IllegalStateException("cannot render the CycloneDX " + format + ": " + e.getMessage(), e);
        }
    }

    public static void write(Inventory inventory, Format format, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(target, toString(inventory, format), StandardCharsets.UTF_8);
    }

    private static org.cyclonedx.model.Component subject(Inventory inventory) {
        org.cyclonedx.model.Component c = new org.cyclonedx.model.Component();
        boolean host = inventory.metadata().containsKey("host.name");
        c.setType(host ? org.cyclonedx.model.Component.Type.DEVICE : org.cyclonedx.model.Component.Type.APPLICATION);
        c.setName(inventory.subject());
        c.setBomRef("subject");
        inventory.root().ifPresent(r -> {
            c.setGroup(emptyToNull(r.group()));
            c.setVersion(emptyToNull(r.version()));
            c.setPurl(emptyToNull(r.purl()));
            c.setProperties(List.of(new Property(NS + "evidence", r.evidence().name())));
        });
        if (!inventory.subjectSha256().isEmpty()) {
            c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, inventory.subjectSha256())));
        }
        return c;
    }

    private static org.cyclonedx.model.Component convert(Component c, Set<String> refs) {
        org.cyclonedx.model.Component out = new org.cyclonedx.model.Component();
        out.setType(switch (c.type()) {
            case LIBRARY -> org.cyclonedx.model.Component.Type.LIBRARY;
            case APPLICATION -> org.cyclonedx.model.Component.Type.APPLICATION;
            case PLATFORM -> org.cyclonedx.model.Component.Type.PLATFORM;
        });
        out.setGroup(emptyToNull(c.group()));
        out.setName(c.name());
        out.setVersion(emptyToNull(c.version()));
        out.setPurl(emptyToNull(c.purl()));
        out.setBomRef(uniqueRef(c, refs));
        List<Hash> hashes = new ArrayList<>();
        if (!c.sha1().isEmpty()) {
            hashes.add(new Hash(Hash.Algorithm.SHA1, c.sha1()));
        }
        if (!c.sha256().isEmpty()) {
            hashes.add(new Hash(Hash.Algorithm.SHA_256, c.sha256()));
        }
        if (!hashes.isEmpty()) {
            out.setHashes(hashes);
        }
        List<Property> props = new ArrayList<>();
        if (!c.path().isEmpty()) {
            props.add(new Property(NS + "path", c.path()));
        }
        props.add(new Property(NS + "evidence", c.evidence().name()));
        props.add(new Property(NS + "confidence", c.confidence().name()));
        if (c.purl().isEmpty()) {
            // listed as such, so that no reader of the SBOM takes a jar without identity for a checked one
            props.add(new Property(NS + "unidentified", "true"));
        }
        for (Map.Entry<String, String> e : c.properties().entrySet()) {
            props.add(new Property(NS + e.getKey(), e.getValue()));
        }
        out.setProperties(props);
        out.setEvidence(evidence(c));
        if (!c.nested().isEmpty()) {
            List<org.cyclonedx.model.Component> nested = new ArrayList<>();
            for (Component n : c.nested()) {
                nested.add(convert(n, refs));
            }
            out.setComponents(nested);
        }
        return out;
    }

    private static org.cyclonedx.model.Evidence evidence(Component c) {
        Identity identity = new Identity();
        identity.setField(c.purl().isEmpty() ? Identity.Field.NAME : Identity.Field.PURL);
        identity.setConfidence(c.confidence().score());
        Method method = new Method();
        method.setTechnique(switch (c.evidence()) {
            case MAVEN_REPOSITORY_SHA1, REPOSITORY_SEARCH_SHA1 -> Method.Technique.HASH_COMPARISON;
            case POM_PROPERTIES, POM_XML, MANIFEST, DPKG_STATUS, RPM_DATABASE, APK_DATABASE ->
                    Method.Technique.MANIFEST_ANALYSIS;
            case FILE_NAME -> Method.Technique.FILENAME;
            case PACKAGE_NAMES -> Method.Technique.BINARY_ANALYSIS;
            case RUNNING_JVM -> Method.Technique.INSTRUMENTATION;
        });
        method.setConfidence(c.confidence().score());
        method.setValue(c.evidence().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        identity.setMethods(List.of(method));
        org.cyclonedx.model.Evidence evidence = new org.cyclonedx.model.Evidence();
        evidence.setIdentities(List.of(identity));
        return evidence;
    }

    private static String uniqueRef(Component c, Set<String> refs) {
        String base = (c.purl().isEmpty() ? c.name() : c.purl()) + (c.path().isEmpty() ? "" : "#" + c.path());
        String ref = base;
        for (int i = 2; !refs.add(ref); i++) {
            ref = base + "#" + i;
        }
        return ref;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
