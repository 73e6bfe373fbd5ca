package io.releasegates.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.BomParserFactory;

/**
 * Compares a declared CycloneDX SBOM (e.g. the one the CycloneDX Maven plugin makes at build time) with what a
 * package really holds: components only in the package ({@code RG-INV-SBOM-UNDECLARED}), only in the SBOM
 * ({@code RG-INV-SBOM-MISSING}) and in both with other versions ({@code RG-INV-SBOM-VERSION}).
 *
 * <p>Components are matched by purl without version and qualifiers ({@code pkg:maven/group/name}); a package
 * component without a purl matches an SBOM component of the same name. The SBOM's own subject
 * ({@code metadata.component}) and components with scope {@code excluded} are not compared.
 */
public final class SbomComparison {
    private SbomComparison() {
    }

    /** A component as the SBOM declares it. */
    public record Declared(String key, String name, String version, String purl, boolean subject) {
    }

    /** Larger SBOMs are refused rather than read into memory. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    /** Reads every component of a CycloneDX JSON or XML SBOM (nested ones included). */
    public static List<Declared> read(Path sbom) {
        Bom bom;
        try (java.io.InputStream in = java.nio.channels.Channels.newInputStream(RegularFiles.openNamed(sbom))) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new BadInputException(sbom + ": SBOM larger than " + MAX_BYTES + " bytes");
            }
            if (new String(bytes, 0, Math.min(bytes.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("<!DOCTYPE")) {
                // no DTDs: entity expansion and external entities are XML's classic attacks
                throw new BadInputException(sbom + ": XML SBOM with a DOCTYPE is refused");
            }
            if (!BomParserFactory.looksLikeCycloneDX(bytes)) {
                throw new BadInputException(sbom + ": not a CycloneDX SBOM (no bomFormat CycloneDX or CycloneDX namespace)");
            }
            // the CycloneDX parser recurses per nesting level: 10,000 levels overflowed the stack
            InputDepth.require(bytes, sbom.toString());
            bom = BomParserFactory.createParser(bytes).parse(bytes);
        } catch (IOException e) {
            throw new BadInputException(sbom + ": cannot read (" + e.getMessage() + ")", e);
        } catch (ParseException | IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException(sbom + ": not a CycloneDX SBOM (" + ArchiveReader.message(e) + ")", e);
        }
        List<Declared> out = new ArrayList<>();
        collect(bom.getComponents(), out);
        if (bom.getMetadata() != null && bom.getMetadata().getComponent() != null) {
            List<Declared> subject = new ArrayList<>();
            collect(List.of(bom.getMetadata().getComponent()), subject);
            subject.forEach(d -> out.add(new Declared(d.key(), d.name(), d.version(), d.purl(), true)));
        }
        return out;
    }

    private static void collect(List<org.cyclonedx.model.Component> components, List<Declared> out) {
        if (components == null) {
            return;
        }
        for (org.cyclonedx.model.Component c : components) {
            if (c.getScope() != org.cyclonedx.model.Component.Scope.EXCLUDED && c.getName() != null) {
                String version = c.getVersion() == null ? "" : c.getVersion();
                String purl = c.getPurl() == null ? "" : c.getPurl();
                String key = key(purl, c.getGroup(), c.getName());
                out.add(new Declared(key, c.getName(), version, purl, false));
            }
            collect(c.getComponents(), out);
        }
    }

    public static List<Finding> compare(Inventory inventory, Path sbom) {
        return compare(inventory, read(sbom), sbom.getFileName().toString());
    }

    static List<Finding> compare(Inventory inventory, List<Declared> declared, String sbomName) {
        Map<String, Set<String>> declaredVersions = new TreeMap<>();
        Map<String, String> declaredByName = new TreeMap<>();
        java.util.Set<String> subjects = new java.util.HashSet<>();
        for (Declared d : declared) {
            if (d.subject()) {
                subjects.add(d.key());
            }
            declaredVersions.computeIfAbsent(d.key(), k -> new TreeSet<>()).add(d.version());
            declaredByName.putIfAbsent(d.name(), d.key());
        }
        Map<String, Set<String>> actualVersions = new TreeMap<>();
        Map<String, String> where = new TreeMap<>();
        inventory.all().forEach(c -> {
            String key = c.purl().isEmpty() ? declaredByName.getOrDefault(c.name(), key("", c.group(), c.name()))
                    : key(c.purl(), c.group(), c.name());
            actualVersions.computeIfAbsent(key, k -> new TreeSet<>()).add(c.version());
            where.putIfAbsent(key, c.path());
        });
        List<Finding> findings = new ArrayList<>();
        String subject = inventory.subject();
        for (Map.Entry<String, Set<String>> e : actualVersions.entrySet()) {
            Set<String> declaredSet = declaredVersions.get(e.getKey());
            if (declaredSet == null) {
                findings.add(finding(InventoryRule.SBOM_UNDECLARED, subject, where.get(e.getKey()), e.getKey(),
                        e.getKey() + " " + String.join(", ", e.getValue()) + " is in the package but not in " + sbomName));
            } else if (!declaredSet.equals(e.getValue())) {
                findings.add(finding(InventoryRule.SBOM_VERSION, subject, where.get(e.getKey()), e.getKey(),
                        e.getKey() + ": the package has " + String.join(", ", e.getValue()) + ", " + sbomName
                                + " declares " + String.join(", ", declaredSet)));
            }
        }
        for (Map.Entry<String, Set<String>> e : declaredVersions.entrySet()) {
            if (!actualVersions.containsKey(e.getKey()) && !subjects.contains(e.getKey())) {
                findings.add(finding(InventoryRule.SBOM_MISSING, subject, sbomName, e.getKey(),
                        e.getKey() + " " + String.join(", ", e.getValue()) + " is declared in " + sbomName
                                + " but not in the package"));
            }
        }
        return findings;
    }

    private static Finding finding(InventoryRule rule, String subject, String location, String key, String message) {
        return Finding.builder(rule.id(), rule.severity()).title(rule.title()).subject(subject).location(location)
                .message(message).property("component", key).build();
    }

    /** {@code pkg:type/namespace/name} without version or qualifiers, else {@code group:name}. */
    static String key(String purl, String group, String name) {
        if (purl != null && !purl.isEmpty()) {
            try {
                PackageURL p = new PackageURL(purl);
                return "pkg:" + p.getType() + "/" + (p.getNamespace() == null ? "" : p.getNamespace() + "/")
                        + p.getName();
            } catch (MalformedPackageURLException e) {
                // fall back to the names
            }
        }
        return (group == null || group.isEmpty() ? "" : group + ":") + name;
    }
}
