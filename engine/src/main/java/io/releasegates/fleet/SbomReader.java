package io.releasegates.fleet;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.releasegates.files.RegularFiles;
import io.releasegates.inventory.CycloneDx;
import io.releasegates.report.BadInputException;
import io.releasegates.inventory.InputDepth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.BomParserFactory;

/**
 * Reads the packages of a CycloneDX SBOM (JSON or XML, as {@code inventory} writes them) through cyclonedx-core-java.
 * SBOMs come from hosts we do not control: size is bounded, XML with a DOCTYPE is refused (no entity tricks), and
 * nested components are walked iteratively to a bounded depth.
 */
public final class SbomReader {
    public static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final int MAX_DEPTH = 32;
    /** dpkg's Source field as {@code inventory --host} writes it. */
    private static final String SOURCE_PROPERTY = CycloneDx.NS + "source";

    private SbomReader() {
    }

    /** @param origins release and source of the deb packages whose purl names a distro */
    public record Sbom(String subjectName, List<PackageRef> packages, int skipped, List<PackageOrigin> origins) {
        public Sbom {
            packages = List.copyOf(packages);
            origins = List.copyOf(origins);
        }
    }

    public static Sbom read(Path file) {
        try (InputStream in = java.nio.channels.Channels.newInputStream(RegularFiles.openNamed(file))) {
            return read(in.readNBytes(MAX_BYTES + 1), file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read SBOM: " + e.getMessage(), e);
        }
    }

    public static Sbom read(byte[] data, String origin) {
        if (data.length > MAX_BYTES) {
            throw new BadInputException(origin + ": SBOM larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        String head = new String(data, 0, Math.min(data.length, 4096), StandardCharsets.UTF_8);
        if (head.contains("<!DOCTYPE") || head.contains("<!ENTITY")) {
            throw new BadInputException(origin + ": XML SBOM with a DOCTYPE is refused (entities are not allowed)");
        }
        Bom bom;
        try {
            if (!BomParserFactory.looksLikeCycloneDX(data)) {
                throw new BadInputException(origin + ": not a CycloneDX SBOM (JSON or XML)");
            }
            // the CycloneDX parser recurses per nesting level: 10,000 levels overflowed the stack
            InputDepth.require(data, origin);
            bom = BomParserFactory.createParser(data).parse(data);
        } catch (ParseException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException(origin + ": unreadable CycloneDX SBOM: " + firstLine(e.getMessage()), e);
        }
        List<PackageRef> packages = new ArrayList<>();
        List<PackageOrigin> origins = new ArrayList<>();
        int skipped = 0;
        List<Component> level = bom.getComponents() == null ? List.of() : bom.getComponents();
        for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
            List<Component> next = new ArrayList<>();
            for (Component c : level) {
                PackageRef ref = toRef(c);
                if (ref == null) {
                    skipped++;
                } else {
                    packages.add(ref);
                    PackageOrigin from = origin(ref, c);
                    if (from != null) {
                        origins.add(from);
                    }
                }
                if (c.getComponents() != null) {
                    next.addAll(c.getComponents());
                }
            }
            level = next;
        }
        String subject = bom.getMetadata() != null && bom.getMetadata().getComponent() != null
                ? bom.getMetadata().getComponent().getName() : null;
        return new Sbom(subject, packages, skipped, origins);
    }

    /** A deb package's release (purl distro qualifier) and source (the inventory's {@code releasegates:source}). */
    private static PackageOrigin origin(PackageRef ref, Component c) {
        if (!"deb".equals(ref.type())) {
            return null;
        }
        String distro;
        try {
            Map<String, String> qualifiers = new PackageURL(c.getPurl()).getQualifiers();
            distro = qualifiers == null ? null : qualifiers.get("distro");
        } catch (MalformedPackageURLException e) {
            return null;
        }
        String source = null;
        if (c.getProperties() != null) {
            for (Property p : c.getProperties()) {
                if (SOURCE_PROPERTY.equals(p.getName())) {
                    source = p.getValue();
                }
            }
        }
        return PackageOrigin.of(ref, distro, source);
    }

    /** A component without a version cannot be placed on a version axis: skipped and counted, never guessed. */
    private static PackageRef toRef(Component c) {
        String purl = c.getPurl();
        if (purl != null && !purl.isBlank()) {
            try {
                return PackageRef.fromPurl(purl);
            } catch (BadInputException e) {
                return null;
            }
        }
        if (c.getName() == null || c.getName().isBlank() || c.getVersion() == null || c.getVersion().isBlank()) {
            return null;
        }
        String name = c.getGroup() == null || c.getGroup().isBlank() ? c.getName() : c.getGroup() + "/" + c.getName();
        return PackageRef.generic(name, c.getVersion());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
