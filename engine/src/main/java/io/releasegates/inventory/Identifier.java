package io.releasegates.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an archive's evidence into a component, strongest evidence first: pom.properties, the SHA-1 in a Maven
 * repository, pom.xml, then the manifest, the file name and the packages. Only Maven metadata or a repository match
 * yields a purl; weaker evidence names the component but never invents coordinates.
 */
final class Identifier {
    private static final Pattern NAME_VERSION = Pattern.compile("(.+?)-(\\d[\\w.+-]*)\\.[a-zA-Z]+");
    private final MavenRepositoryIndex repository;

    /** @param repository null when no Maven repository is to be consulted */
    Identifier(MavenRepositoryIndex repository) {
        this.repository = repository;
    }

    /**
     * @param lookUp whether to ask the Maven repository (skipped for the package itself when it holds other jars)
     */
    Component identify(JarEvidence ev, ArchiveDigests digests, Component.Type type, boolean lookUp) {
        String file = ev.archive.fileName();
        Map<String, String> props = facts(ev);
        List<Component> shaded = new ArrayList<>();
        MavenCoordinates primary = primary(ev.pomProperties, ev, file);
        Evidence evidence = Evidence.POM_PROPERTIES;
        if (primary == null && lookUp && repository != null && !digests.sha1().isEmpty()) {
            Optional<MavenCoordinates> exact = repository.find(file, digests.sha1());
            if (exact.isPresent()) {
                primary = exact.get();
                evidence = Evidence.MAVEN_REPOSITORY_SHA1;
            }
        }
        if (primary == null && ev.pomProperties.isEmpty()) {
            primary = primary(ev.pomXml(), ev, file);
            evidence = Evidence.POM_XML;
        }
        for (Map.Entry<String, MavenCoordinates> e : ev.pomProperties.entrySet()) {
            MavenCoordinates c = e.getValue();
            if (!sameArtifact(c, primary)) {
                shaded.add(new Component(Component.Type.LIBRARY, c.groupId(), c.artifactId(), c.version(), c.purl(),
                        "", "", ev.archive.path(), Evidence.POM_PROPERTIES, null, List.of(),
                        Map.of("embedded", "META-INF/maven/" + e.getKey() + "/pom.properties")));
            }
        }
        List<Component> nested = new ArrayList<>(shaded);
        nested.addAll(ev.children);
        String path = ev.archive.path();
        if (primary != null) {
            return new Component(type, primary.groupId(), primary.artifactId(), primary.version(), primary.purl(),
                    digests.sha1(), digests.sha256(), path, evidence, null, nested, props);
        }
        String[] named = weakName(ev, file);
        Evidence weak = Evidence.valueOf(named[2]);
        return new Component(type, "", named[0], named[1], "", digests.sha1(), digests.sha256(), path, weak, null,
                nested, props);
    }

    /** The metadata describing the jar itself, when a jar embeds several: the one its file name or manifest names. */
    private static MavenCoordinates primary(Map<String, MavenCoordinates> metadata, JarEvidence ev, String file) {
        if (metadata.size() == 1) {
            return metadata.values().iterator().next();
        }
        for (MavenCoordinates c : metadata.values()) {
            if (file.equals(c.artifactId() + ".jar") || file.startsWith(c.artifactId() + "-" + c.version())) {
                return c;
            }
        }
        List<String> names = List.of(ev.mainAttribute("Implementation-Title"), ev.mainAttribute("Bundle-SymbolicName"),
                ev.mainAttribute("Automatic-Module-Name"));
        for (MavenCoordinates c : metadata.values()) {
            if (names.contains(c.artifactId()) || names.contains(c.groupId() + "." + c.artifactId())) {
                return c;
            }
        }
        return null;
    }

    private static boolean sameArtifact(MavenCoordinates a, MavenCoordinates b) {
        return b != null && a.groupId().equals(b.groupId()) && a.artifactId().equals(b.artifactId());
    }

    /**
     * {name, version, evidence} from the manifest (Bundle-SymbolicName, Implementation-Title, Automatic-Module-Name,
     * then Specification-Title), else the file name, else the packages.
     */
    private static String[] weakName(JarEvidence ev, String file) {
        String bundle = ev.mainAttribute("Bundle-SymbolicName").split(";")[0].trim();
        String title = ev.mainAttribute("Implementation-Title");
        String module = ev.mainAttribute("Automatic-Module-Name");
        String version = first(ev.mainAttribute("Bundle-Version"), ev.mainAttribute("Implementation-Version"));
        String name = first(bundle, title, module);
        if (!name.isEmpty()) {
            return new String[] {name, version, Evidence.MANIFEST.name()};
        }
        // a specification's title names an API jar; its version is the specification's, used only together
        String specification = ev.mainAttribute("Specification-Title");
        if (!specification.isEmpty()) {
            return new String[] {specification, ev.mainAttribute("Specification-Version"), Evidence.MANIFEST.name()};
        }
        Matcher m = NAME_VERSION.matcher(file);
        if (m.matches()) {
            return new String[] {m.group(1), m.group(2), Evidence.FILE_NAME.name()};
        }
        if (!ev.packages.isEmpty()) {
            return new String[] {file, "", Evidence.PACKAGE_NAMES.name()};
        }
        return new String[] {file, "", Evidence.FILE_NAME.name()};
    }

    private static Map<String, String> facts(JarEvidence ev) {
        Map<String, String> props = new LinkedHashMap<>();
        put(props, "manifest.implementationTitle", ev.mainAttribute("Implementation-Title"));
        put(props, "manifest.implementationVersion", ev.mainAttribute("Implementation-Version"));
        put(props, "manifest.implementationVendor", ev.mainAttribute("Implementation-Vendor"));
        // often the Maven groupId (maven-archiver's default entries): evidence for CPE vendors, never a purl
        put(props, "manifest.implementationVendorId", ev.mainAttribute("Implementation-Vendor-Id"));
        put(props, "manifest.bundleVendor", ev.mainAttribute("Bundle-Vendor"));
        put(props, "manifest.specificationTitle", ev.mainAttribute("Specification-Title"));
        put(props, "manifest.specificationVendor", ev.mainAttribute("Specification-Vendor"));
        put(props, "manifest.specificationVersion", ev.mainAttribute("Specification-Version"));
        put(props, "manifest.bundleSymbolicName", ev.mainAttribute("Bundle-SymbolicName").split(";")[0].trim());
        put(props, "manifest.bundleVersion", ev.mainAttribute("Bundle-Version"));
        put(props, "manifest.automaticModuleName", ev.mainAttribute("Automatic-Module-Name"));
        put(props, "packages", String.join(",", topPackages(ev.packages)));
        return props;
    }

    /** The packages no other package of the jar lies under, at most five: enough to recognise a library. */
    static List<String> topPackages(java.util.SortedSet<String> packages) {
        List<String> top = new ArrayList<>();
        for (String p : packages) {
            if (top.stream().noneMatch(t -> p.startsWith(t + "."))) {
                top.add(p);
                if (top.size() == 5) {
                    break;
                }
            }
        }
        return top;
    }

    private static void put(Map<String, String> props, String key, String value) {
        if (value != null && !value.isBlank()) {
            props.put(key, value.length() > 200 ? value.substring(0, 200) : value);
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }
}
