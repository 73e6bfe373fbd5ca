package io.releasegates.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * OSV advisories for the Maven and Debian ({@code Debian:<release>}) ecosystems, from a folder of OSV JSON files or
 * osv.dev's {@code all.zip} (one ecosystem's or several; a folder's {@code <ECOSYSTEM>/all.zip} archives too, the layout
 * of a data dir's {@code osv} folder that {@code release-gates data update} keeps), indexed by package name (Debian: release and source name). A file that is not valid OSV JSON is an error naming it: a partly read database would silently
 * report fewer vulnerabilities.
 */
final class OsvDatabase {
    private static final long MAX_RECORD_BYTES = 16L << 20;
    /** osv.dev's per-release Debian ecosystems ({@code Debian:12}); a bare {@code Debian} names no release. */
    private static final Pattern DEBIAN_RELEASE = Pattern.compile("Debian:[0-9]{1,3}");

    private final Map<String, List<OsvAdvisory>> byPackage;
    private final Instant newest;
    private final int size;

    private OsvDatabase(Map<String, List<OsvAdvisory>> byPackage, Instant newest, int size) {
        this.byPackage = byPackage;
        this.newest = newest;
        this.size = size;
    }

    /**
     * Reads the zip through the channel {@link RegularFiles} opened and checked, never by name again: a FIFO or
     * device swapped in after a check would block or never end.
     */
    private static ZipFile openZip(Path source) throws IOException {
        return ZipFile.builder().setSeekableByteChannel(RegularFiles.openNamed(source)).get();
    }

    static OsvDatabase load(Path source) {
        if (!Files.exists(source)) {
            throw new BadInputException(source + ": OSV data not found");
        }
        List<OsvAdvisory> advisories = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.walk(source, 4)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    try (InputStream in = RegularFiles.newInputStream(file)) {
                        advisories.add(parse(file.toString(), in));
                    }
                }
                // a data dir's osv folder (release-gates data update): <ECOSYSTEM>/all.zip, osv.dev's bucket layout
                try (Stream<Path> folders = Files.list(source)) {
                    for (Path archive : folders.map(f -> f.resolve("all.zip"))
                            .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                        readZip(archive, advisories);
                    }
                }
            } catch (IOException e) {
                throw new BadInputException(source + ": cannot read OSV data (" + e.getMessage() + ")", e);
            }
        } else {
            readZip(source, advisories);
        }
        if (advisories.isEmpty()) {
            throw new BadInputException(source + ": no OSV advisories (*.json) found");
        }
        Map<String, List<OsvAdvisory>> index = new HashMap<>();
        Instant newest = Instant.EPOCH;
        for (OsvAdvisory a : advisories) {
            a.affected().forEach(af -> index.computeIfAbsent(key(af.ecosystem(), af.packageName()), k -> new ArrayList<>()).add(a));
            newest = a.modified().isAfter(newest) ? a.modified() : newest;
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        return new OsvDatabase(Map.copyOf(index), newest, advisories.size());
    }

    private static void readZip(Path source, List<OsvAdvisory> advisories) {
        try (ZipFile zip = openZip(source)) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".json")) {
                    continue;
                }
                if (entry.getSize() > MAX_RECORD_BYTES) {
                    throw new BadInputException(source + "!" + entry.getName() + ": OSV record larger than 16 MiB");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    advisories.add(parse(source + "!" + entry.getName(), in));
                }
            }
        } catch (IOException e) {
            throw new BadInputException(source + ": not a readable OSV zip (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Several sources as one database (the monitor's data dir holds one osv.dev archive per ecosystem). An advisory
     * that two archives both carry (it affects a Maven and a Debian package) is indexed once per package.
     */
    static OsvDatabase loadAll(List<Path> sources) {
        if (sources.size() == 1) {
            return load(sources.get(0));
        }
        Map<String, Map<String, OsvAdvisory>> merged = new HashMap<>();
        Instant newest = Instant.EPOCH;
        Set<String> ids = new java.util.HashSet<>();
        for (Path source : sources) {
            OsvDatabase db = load(source);
            db.byPackage.forEach((key, list) -> list.forEach(a -> {
                merged.computeIfAbsent(key, k -> new java.util.LinkedHashMap<>()).putIfAbsent(a.id(), a);
                ids.add(a.id());
            }));
            newest = db.newest.isAfter(newest) ? db.newest : newest;
        }
        Map<String, List<OsvAdvisory>> index = new HashMap<>();
        merged.forEach((k, v) -> index.put(k, List.copyOf(v.values())));
        return new OsvDatabase(Map.copyOf(index), newest, ids.size());
    }

    /** Advisories that name this Maven package at all (affected or not): proof the data covers it. */
    List<OsvAdvisory> forPackage(String group, String artifact) {
        return byPackage.getOrDefault(group + ":" + artifact, List.of());
    }

    /**
     * Advisories that name this Debian source package for this release at all (affected or not). Debian's data names a
     * source package of a release only when some advisory concerns it there; others are not covered by it.
     */
    List<OsvAdvisory> forDebianSource(int release, String source) {
        return byPackage.getOrDefault(key(OsvAdvisory.Affected.DEBIAN_PREFIX + release, source), List.of());
    }

    // Maven keys stay "group:artifact"; other ecosystems are prefixed with a separator no package name contains
    private static String key(String ecosystem, String name) {
        return OsvAdvisory.Affected.MAVEN.equals(ecosystem) ? name : ecosystem + "\u0000" + name;
    }

    Instant newestRecord() {
        return newest;
    }

    int size() {
        return size;
    }

    private static OsvAdvisory parse(String name, InputStream in) throws IOException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new BadInputException(name + ": not valid OSV JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        String id = root.path("id").asText("");
        if (id.isEmpty() || !root.path("affected").isArray()) {
            throw new BadInputException(name + ": not an OSV record (needs id and affected)");
        }
        Set<String> aliases = new LinkedHashSet<>();
        root.path("aliases").forEach(a -> aliases.add(a.asText()));
        Optional<Cvss3> cvss = Optional.empty();
        for (JsonNode s : root.path("severity")) {
            if ("CVSS_V3".equals(s.path("type").asText())) {
                cvss = Cvss3.parse(s.path("score").asText());
            }
        }
        List<OsvAdvisory.Affected> affected = new ArrayList<>();
        for (JsonNode a : root.path("affected")) {
            JsonNode pkg = a.path("package");
            String ecosystem = pkg.path("ecosystem").asText();
            if (!OsvAdvisory.Affected.MAVEN.equals(ecosystem) && !DEBIAN_RELEASE.matcher(ecosystem).matches()) {
                continue;
            }
            List<List<OsvAdvisory.Event>> ranges = new ArrayList<>();
            for (JsonNode r : a.path("ranges")) {
                if (!"ECOSYSTEM".equals(r.path("type").asText())) {
                    continue;
                }
                List<OsvAdvisory.Event> events = new ArrayList<>();
                for (JsonNode e : r.path("events")) {
                    if (e.has("introduced")) {
                        events.add(new OsvAdvisory.Event(OsvAdvisory.Event.Kind.INTRODUCED, e.get("introduced").asText()));
                    } else if (e.has("fixed")) {
                        events.add(new OsvAdvisory.Event(OsvAdvisory.Event.Kind.FIXED, e.get("fixed").asText()));
                    } else if (e.has("last_affected")) {
                        events.add(new OsvAdvisory.Event(OsvAdvisory.Event.Kind.LAST_AFFECTED, e.get("last_affected").asText()));
                    }
                }
                ranges.add(events);
            }
            Set<String> versions = new LinkedHashSet<>();
            a.path("versions").forEach(v -> versions.add(v.asText()));
            affected.add(new OsvAdvisory.Affected(ecosystem, pkg.path("name").asText(), ranges, versions));
        }
        String summary = root.path("summary").asText(root.path("details").asText(""));
        return new OsvAdvisory(id, aliases, summary, instant(name, root.path("modified").asText("")), cvss, affected);
    }

    private static Instant instant(String name, String text) {
        if (text.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException(name + ": modified '" + text + "' is not an RFC 3339 date-time");
        }
    }
}
