package io.releasegates.fleet;

import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.inventory.XmlInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Parses a feed of available versions: {@code apt-cache policy} output, a Maven {@code maven-metadata.xml}, or CSV
 * ({@code purl,first_seen} with a versioned purl and an optional ISO date). Pre-releases in Maven metadata are left
 * out: a release candidate does not make the installed release "outdated".
 */
public final class AvailableFeed {
    private static final int MAX_BYTES = 32 * 1024 * 1024;
    private static final Pattern APT_PACKAGE = Pattern.compile("^([a-z0-9][a-z0-9+.\\-]*)(?::[a-z0-9\\-]+)?:\\s*$");
    private static final Pattern APT_VERSION = Pattern.compile("^\\s+(?:\\*\\*\\*\\s+)?(\\S+)\\s+-?\\d+\\s*$");
    private static final Pattern PRE_RELEASE = Pattern.compile(
            "(?i).*[-.](alpha|beta|rc|cr|m|milestone|snapshot|preview|ea)[-.]?\\d*$");

    private AvailableFeed() {
    }

    public static List<AvailableVersion> read(Path file, String debNamespace, Instant now) {
        byte[] data;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(file + ": feed larger than 32 MiB");
            }
            data = RegularFiles.readNamed(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read feed: " + e.getMessage(), e);
        }
        return parse(data, file.toString(), debNamespace, now);
    }

    public static List<AvailableVersion> parse(byte[] data, String origin, String debNamespace, Instant now) {
        String text = new String(data, StandardCharsets.UTF_8);
        String head = text.stripLeading();
        if (head.startsWith("<")) {
            return mavenMetadata(data, origin, now);
        }
        if (text.contains("Version table:") || text.contains("Candidate:")) {
            return aptPolicy(text, debNamespace == null ? "debian" : debNamespace, now);
        }
        return csv(text, origin, now);
    }

    static List<AvailableVersion> aptPolicy(String text, String namespace, Instant now) {
        List<AvailableVersion> out = new ArrayList<>();
        String pkg = null;
        boolean inTable = false;
        for (String line : text.split("\\R")) {
            Matcher p = APT_PACKAGE.matcher(line);
            if (p.matches()) {
                pkg = p.group(1);
                inTable = false;
                continue;
            }
            if (pkg == null) {
                continue;
            }
            String t = line.strip();
            if (t.startsWith("Candidate:")) {
                String v = t.substring("Candidate:".length()).strip();
                if (!v.isEmpty() && !"(none)".equals(v)) {
                    out.add(new AvailableVersion(deb(namespace, pkg, v), now));
                }
            } else if (t.startsWith("Version table:")) {
                inTable = true;
            } else if (inTable) {
                Matcher v = APT_VERSION.matcher(line);
                if (v.matches()) {
                    out.add(new AvailableVersion(deb(namespace, pkg, v.group(1)), now));
                }
            }
        }
        return List.copyOf(out);
    }

    private static PackageRef deb(String namespace, String name, String version) {
        return new PackageRef(PackageRef.keyOf("pkg:deb/" + namespace + "/" + name), "deb", name, version);
    }

    static List<AvailableVersion> mavenMetadata(byte[] data, String origin, Instant now) {
        Document doc = parseXml(data, origin);
        Element root = doc.getDocumentElement();
        String group = text(root, "groupId");
        String artifact = text(root, "artifactId");
        if (!"metadata".equals(root.getTagName()) || group == null || artifact == null) {
            throw new BadInputException(origin + ": not a maven-metadata.xml (needs metadata/groupId/artifactId)");
        }
        String lastUpdated = text(root, "lastUpdated");
        String release = text(root, "release");
        Instant releaseSeen = lastUpdated == null ? now : parseMavenTimestamp(lastUpdated, now);
        List<AvailableVersion> out = new ArrayList<>();
        NodeList versions = root.getElementsByTagName("version");
        for (int i = 0; i < versions.getLength(); i++) {
            String v = versions.item(i).getTextContent().strip();
            if (v.isEmpty() || PRE_RELEASE.matcher(v).matches()) {
                continue;
            }
            PackageRef ref = PackageRef.fromPurl("pkg:maven/" + group + "/" + artifact + "@" + v);
            // lastUpdated dates the newest release; older entries are at least as old as the moment we read them
            out.add(new AvailableVersion(ref, v.equals(release) && releaseSeen.isBefore(now) ? releaseSeen : now));
        }
        return List.copyOf(out);
    }

    private static Instant parseMavenTimestamp(String value, Instant fallback) {
        try {
            return LocalDateTime.parse(value, DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static String text(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    /** External entities, DOCTYPEs and XInclude are all refused: feeds are downloaded from elsewhere. */
    private static Document parseXml(byte[] data, String origin) {
        try {
            return XmlInput.parse(data, origin, false);
        } catch (SAXException | IOException e) {
            throw new BadInputException(origin + ": unreadable XML: " + e.getMessage(), e);
        }
    }

    static List<AvailableVersion> csv(String text, String origin, Instant now) {
        List<AvailableVersion> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\\R")) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || (lineNo == 1 && t.toLowerCase().startsWith("purl"))) {
                continue;
            }
            String[] cells = t.split(",", -1);
            Instant seen = now;
            if (cells.length > 1 && !cells[1].isBlank()) {
                seen = parseDate(cells[1].strip(), origin, lineNo);
            }
            try {
                out.add(new AvailableVersion(PackageRef.fromPurl(cells[0].strip()), seen));
            } catch (BadInputException e) {
                throw new BadInputException(origin + ": line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static Instant parseDate(String value, String origin, int lineNo) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadInputException(origin + ": line " + lineNo + ": first_seen must be YYYY-MM-DD or an ISO instant");
        }
    }
}
