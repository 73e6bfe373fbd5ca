package io.releasegates.fleet;

import io.releasegates.inventory.CycloneDx;
import io.releasegates.inventory.HostInventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;

/** Test fleet: real dpkg status excerpts turned into CycloneDX host SBOMs, plus the application SBOM fixtures. */
public final class FleetFixtures {
    private FleetFixtures() {
    }

    public static Path sources() {
        return Path.of(System.getProperty("releasegates.fixtureSources", "../test-fixtures")).resolve("fleet");
    }

    /** name → version of the installed packages, parsed independently of the code under test. */
    public static Map<String, String> dpkgInstalled(String statusFile) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String stanza : read(sources().resolve("dpkg").resolve(statusFile)).split("\\n\\s*\\n")) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String line : stanza.split("\\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0 && !line.startsWith(" ")) {
                    f.put(line.substring(0, colon), line.substring(colon + 2).strip());
                }
            }
            if ("install ok installed".equals(f.get("Status")) && f.containsKey("Package")) {
                out.put(f.get("Package"), f.get("Version"));
            }
        }
        return out;
    }

    /** The host SBOM `inventory --host` would write for this status file (pkg:deb purls with arch qualifiers). */
    public static byte[] dpkgSbom(String statusFile, String hostName) {
        Bom bom = new Bom();
        Metadata md = new Metadata();
        Component host = new Component();
        host.setType(Component.Type.DEVICE);
        host.setName(hostName);
        md.setComponent(host);
        bom.setMetadata(md);
        List<Component> components = new ArrayList<>();
        for (Map.Entry<String, String> p : dpkgInstalled(statusFile).entrySet()) {
            Component c = new Component();
            c.setType(Component.Type.LIBRARY);
            c.setName(p.getKey());
            c.setVersion(p.getValue());
            c.setPurl("pkg:deb/debian/" + p.getKey() + "@" + encodeVersion(p.getValue()) + "?arch=amd64&distro=debian-12");
            c.setBomRef(c.getPurl());
            components.add(c);
        }
        bom.setComponents(components);
        try {
            return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString().getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** purl versions percent-encode ':' (epochs) and '+'. */
    public static String encodeVersion(String v) {
        return v.replace("%", "%25").replace(":", "%3A").replace("+", "%2B");
    }

    public static List<PackageRef> dpkgPackages(String statusFile) {
        return SbomReader.read(dpkgSbom(statusFile, statusFile), statusFile).packages();
    }

    /** The root of a Debian host fixture ({@code test-fixtures/fleet/debian/NAME}: os-release and dpkg status). */
    public static Path debianRoot(String name) {
        return sources().resolve("debian").resolve(name);
    }

    /** The report {@code inventory --host --root} and {@code fleet ingest} make of a Debian host fixture. */
    public static HostReport debianHost(String root, String host, Instant at) {
        byte[] sbom = CycloneDx.toString(HostInventory.inventory(debianRoot(root)), CycloneDx.Format.JSON)
                .getBytes(StandardCharsets.UTF_8);
        SbomReader.Sbom read = SbomReader.read(sbom, root);
        return new HostReport(host, "production", "debian", at, read.packages(), read.origins());
    }

    public static List<PackageRef> appPackages(String file) {
        return SbomReader.read(sources().resolve(file)).packages();
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
