package io.releasegates.inventory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** What one archive revealed about itself while it streamed by: Maven metadata, manifest, packages. */
final class JarEvidence {
    private static final Pattern MAVEN_META = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/(pom\\.properties|pom\\.xml)");
    private static final int MAX_METADATA_BYTES = 512 * 1024;
    private static final int MAX_PACKAGES = 400;

    final PackageEntry archive;
    /** pom.properties coordinates by {@code group/artifact}, in archive order. */
    final Map<String, MavenCoordinates> pomProperties = new LinkedHashMap<>();
    /** Raw pom.xml files by {@code group/artifact}; parsed only when no pom.properties identifies the jar. */
    private final Map<String, byte[]> pomXmlBytes = new LinkedHashMap<>();
    final TreeSet<String> packages = new TreeSet<>();
    Manifest manifest;
    /** Components found in archives directly inside this one. */
    final List<Component> children = new ArrayList<>();

    JarEvidence(PackageEntry archive) {
        this.archive = archive;
    }

    /** Looks at one entry of this archive; reads only the small metadata files. */
    void accept(PackageEntry entry, InputStream content) throws IOException {
        String name = entry.name();
        if (name.endsWith(".class")) {
            String pkg = packageOf(name);
            if (!pkg.isEmpty() && packages.size() < MAX_PACKAGES) {
                packages.add(pkg);
            }
            return;
        }
        if (name.equals("META-INF/MANIFEST.MF")) {
            manifest = new Manifest(new ByteArrayInputStream(content.readNBytes(MAX_METADATA_BYTES)));
            return;
        }
        Matcher m = MAVEN_META.matcher(name);
        if (m.matches()) {
            String key = m.group(1) + "/" + m.group(2);
            byte[] bytes = content.readNBytes(MAX_METADATA_BYTES);
            if (m.group(3).equals("pom.properties")) {
                Properties p = new Properties();
                p.load(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8)));
                MavenCoordinates c = new MavenCoordinates(p.getProperty("groupId", m.group(1)).trim(),
                        p.getProperty("artifactId", m.group(2)).trim(), p.getProperty("version", "").trim(), "");
                if (c.complete()) {
                    pomProperties.put(key, c);
                }
            } else {
                pomXmlBytes.put(key, bytes);
            }
        }
    }

    boolean hasPomXml() {
        return !pomXmlBytes.isEmpty();
    }

    /** Coordinates of the pom.xml files (parsed now: most jars never need it). */
    Map<String, MavenCoordinates> pomXml() {
        Map<String, MavenCoordinates> out = new LinkedHashMap<>();
        pomXmlBytes.forEach((key, bytes) -> {
            MavenCoordinates c = parsePom(bytes);
            if (c != null && c.complete()) {
                out.put(key, c);
            }
        });
        return out;
    }

    /** Class files under {@code META-INF/versions/N/} and {@code BOOT-INF/classes/} belong to the plain package. */
    static String packageOf(String classFile) {
        String name = classFile;
        if (name.startsWith("META-INF/versions/")) {
            int next = name.indexOf('/', "META-INF/versions/".length());
            name = next < 0 ? "" : name.substring(next + 1);
        }
        for (String prefix : new String[] {"BOOT-INF/classes/", "WEB-INF/classes/"}) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
            }
        }
        int slash = name.lastIndexOf('/');
        return slash <= 0 ? "" : name.substring(0, slash).replace('/', '.');
    }

    String mainAttribute(String key) {
        if (manifest == null) {
            return "";
        }
        String v = manifest.getMainAttributes().getValue(new Attributes.Name(key));
        return v == null ? "" : v.trim();
    }

    /** pom.xml is untrusted XML: no DTDs, no external entities. */
    private static MavenCoordinates parsePom(byte[] bytes) {
        try {
            Document doc = XmlInput.parse(bytes, "pom.xml", false);
            Element project = doc.getDocumentElement();
            Element parent = child(project, "parent");
            String group = text(project, "groupId");
            String version = text(project, "version");
            if (group.isEmpty() && parent != null) {
                group = text(parent, "groupId");
            }
            if (version.isEmpty() && parent != null) {
                version = text(parent, "version");
            }
            return new MavenCoordinates(group, text(project, "artifactId"), version, "");
        } catch (Exception e) {
            return null; // a broken pom.xml is simply no evidence
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }
}
