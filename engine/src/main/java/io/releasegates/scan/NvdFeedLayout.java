package io.releasegates.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Lays out NVD CVE records (one API 2.0 {@code cve} object per JSON file, as in test-fixtures/advisories/nvd) as the
 * data feed Dependency-Check reads: {@code nvdcve-YYYY.json.gz} per CVE-id year, an empty {@code nvdcve-modified.json.gz}
 * (Dependency-Check refuses a feed without one) and {@code cache.properties} with the last-modified date per file.
 * This is what lets the demo and the tests run fully offline on the bundled sample advisories.
 */
public final class NvdFeedLayout {
    /** Always with seconds and milliseconds: LocalDateTime.toString() drops zero seconds ("…T14:17"), which NVD readers refuse. */
    private static final java.time.format.DateTimeFormatter NVD_TIME = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final int FIRST_YEAR = 2002;
    private NvdFeedLayout() {
    }

    /** Writes the feed into {@code target} (created) and returns the newest {@code lastModified} of the records. */
    public static Instant write(Path recordsDir, Path target) {
        TreeMap<String, List<JsonNode>> byYear = new TreeMap<>();
        Instant newest = Instant.EPOCH;
        try (Stream<Path> files = Files.list(recordsDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode cve = readRecord(file);
                String id = cve.path("id").asText();
                byYear.computeIfAbsent(id.substring(4, 8), y -> new ArrayList<>()).add(cve);
                Instant modified = lastModified(file, cve);
                newest = modified.isAfter(newest) ? modified : newest;
            }
        } catch (IOException e) {
            throw new BadInputException(recordsDir + ": cannot read NVD records (" + e.getMessage() + ")", e);
        }
        if (byYear.isEmpty()) {
            throw new BadInputException(recordsDir + ": no NVD CVE records (*.json) found");
        }
        try {
            Files.createDirectories(target);
            StringBuilder props = new StringBuilder("prefix=nvdcve-\n");
            String stamp = newest.truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "\\:");
            // Dependency-Check wants every year from 2002 on (a year it has no timestamp for forces a full reload).
            int last = Math.max(java.time.Year.now(ZoneOffset.UTC).getValue(), Integer.parseInt(byYear.lastKey()));
            for (int year = FIRST_YEAR; year <= last; year++) {
                String key = String.valueOf(year);
                writeGz(target.resolve("nvdcve-" + key + ".json.gz"), byYear.getOrDefault(key, List.of()), newest);
                props.append("lastModifiedDate.").append(key).append('=').append(stamp).append('\n');
            }
            writeGz(target.resolve("nvdcve-modified.json.gz"), List.of(), newest);
            props.append("lastModifiedDate.modified=").append(stamp).append('\n');
            props.append("lastModifiedDate=").append(stamp).append('\n');
            Files.writeString(target.resolve("cache.properties"), props.toString(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the NVD data feed to " + target, e);
        }
        return newest;
    }

    private static JsonNode readRecord(Path file) {
        try {
            JsonNode node = Json.mapper().readTree(RegularFiles.readAllBytes(file));
            JsonNode cve = node.has("cve") ? node.get("cve") : node;
            if (!cve.path("id").asText().matches("CVE-\\d{4}-\\d+")) {
                throw new BadInputException(file + ": not an NVD CVE record (no CVE id)");
            }
            return cve;
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    private static Instant lastModified(Path file, JsonNode cve) {
        try {
            return LocalDateTime.parse(cve.path("lastModified").asText()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadInputException(file + ": lastModified is not an ISO date-time");
        }
    }

    private static void writeGz(Path file, List<JsonNode> records, Instant timestamp) throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("resultsPerPage", records.size());
        root.put("startIndex", 0);
        root.put("totalResults", records.size());
        root.put("format", "NVD_CVE");
        root.put("version", "2.0");
        root.put("timestamp", LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC).format(NVD_TIME));
        ArrayNode vulns = root.putArray("vulnerabilities");
        records.forEach(r -> vulns.addObject().set("cve", r));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            Json.mapper().writeValue(writer, root);
        }
    }
}
