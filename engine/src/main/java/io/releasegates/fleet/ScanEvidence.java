package io.releasegates.fleet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.EvidenceJson;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.report.Json;
import io.releasegates.report.Severity;
import io.releasegates.scan.ScanRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import io.releasegates.version.Versions;

/**
 * Reads the JSON evidence of {@code release-gates scan --json F} into a {@link VulnerabilityScan}: every component
 * version the scan examined (its subjects), the advisories found for each, and which ones no data could be tied to.
 * The file is untrusted: values that would not fit the store are skipped and counted, never truncated into
 * something else.
 */
public final class ScanEvidence {
    static final int MAX_KEY = 2000;
    static final int MAX_VERSION = 255;
    static final int MAX_ID = 255;
    static final int MAX_LIST = 4000;

    private ScanEvidence() {
    }

    public static VulnerabilityScan read(Path file) {
        try {
            return read(RegularFiles.readNamed(file), file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** @param name how messages name the input (a file, "request body") */
    public static VulnerabilityScan read(byte[] json, String name) {
        return of(parse(json, name), name);
    }

    /** A scan report already in memory (e.g. {@code OsvVersionScan} over the fleet's versions). */
    public static VulnerabilityScan of(GateReport report, String name) {
        if (!"scan".equals(report.gate())) {
            throw new BadInputException(name + ": evidence of the '" + report.gate() + "' gate, expected a scan (release-gates scan --json)");
        }
        if (!report.errors().isEmpty()) {
            // an incomplete scan would make versions it never checked read as "none known"
            throw new BadInputException(name + ": the scan was incomplete (" + report.errors().get(0)
                    + "); incomplete scans are not imported");
        }
        // purl as written → entry; two spellings of one version (qualifiers differ) share the entry
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, Entry> byVersion = new LinkedHashMap<>();
        int[] skipped = {0};
        for (String subject : report.subjects()) {
            entry(entries, byVersion, subject, skipped);
        }
        for (Finding f : report.findings()) {
            String purl = f.properties().getOrDefault("purl", "");
            if (f.ruleId().equals(ScanRule.UNMATCHED.id())) {
                Entry e = entry(entries, byVersion, purl, skipped);
                if (e != null) {
                    e.unmatched = true;
                }
            } else if (f.properties().containsKey("advisory")) {
                Entry e = entry(entries, byVersion, purl, skipped);
                String id = f.properties().get("advisory");
                if (e == null || id.isBlank() || id.length() > MAX_ID) {
                    skipped[0] += e == null ? 0 : 1;
                    continue;
                }
                e.add(id, f);
            }
        }
        List<ScannedVersion> versions = new ArrayList<>();
        String source = source(report);
        // suppressed findings are not in the evidence, only their number: "none known" cannot be told from "waived"
        boolean suppressed = report.summary().getOrDefault("suppressed", 0L) > 0;
        int withheld = 0;
        for (Entry e : byVersion.values()) {
            List<KnownVulnerability> vulns = new ArrayList<>();
            e.advisories.forEach((id, a) -> vulns.add(new KnownVulnerability(id, List.copyOf(a.aliases), a.severity, a.cvss,
                    List.copyOf(a.fixed), String.join(",", a.sources), report.generatedAt())));
            // a version with advisories was covered by data even if another copy of it in the package was not
            boolean matched = !vulns.isEmpty() || !e.unmatched;
            if (suppressed && matched && vulns.isEmpty()) {
                withheld++;
                continue;
            }
            versions.add(new ScannedVersion(e.ref.key(), e.ref.version(), matched, report.generatedAt(), source, vulns));
        }
        return new VulnerabilityScan(source, report.generatedAt(), versions, skipped[0], withheld);
    }

    private static GateReport parse(byte[] json, String name) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new BadInputException(name + ": not valid JSON (" + why + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(name + ": not a JSON object (expected scan evidence, release-gates scan --json)");
        }
        String schema = root.path("schema").asText("");
        if (!EvidenceJson.SCHEMA.equals(schema)) {
            throw new BadInputException(name + ": unknown evidence schema '" + schema + "' (expected " + EvidenceJson.SCHEMA + ")");
        }
        ((ObjectNode) root).remove("schema");
        try {
            return Json.mapper().treeToValue(root, GateReport.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new BadInputException(name + ": evidence does not match " + EvidenceJson.SCHEMA + " (" + e.getMessage() + ")", e);
        }
    }

    /** The scanned package by file name and digest: paths on the scanning machine mean nothing here. */
    private static String source(GateReport report) {
        for (Input in : report.inputs()) {
            if ("package".equals(in.role())) {
                String file = Path.of(in.path()).getFileName() == null ? in.path() : Path.of(in.path()).getFileName().toString();
                String digest = in.sha256().length() >= 12 ? " sha256:" + in.sha256().substring(0, 12) : "";
                String s = "scan of " + file + digest;
                return s.length() > MAX_ID ? s.substring(0, MAX_ID) : s;
            }
        }
        // no package: advisories matched against bare versions (OsvVersionScan)
        for (Input in : report.inputs()) {
            if (in.role().startsWith("advisories-")) {
                Path file = Path.of(in.path()).getFileName();
                String s = "match against " + in.role().substring("advisories-".length()).toUpperCase(java.util.Locale.ROOT)
                        + " data " + (file == null ? in.path() : file.toString());
                return s.length() > MAX_ID ? s.substring(0, MAX_ID) : s;
            }
        }
        return "scan";
    }

    private static Entry entry(Map<String, Entry> entries, Map<String, Entry> byVersion, String purl, int[] skipped) {
        if (purl == null || !purl.startsWith("pkg:")) {
            return null;
        }
        Entry known = entries.get(purl);
        if (known != null) {
            return known;
        }
        PackageRef ref;
        try {
            ref = PackageRef.fromPurl(purl);
        } catch (BadInputException e) {
            skipped[0]++;
            return null;
        }
        if (ref.key().length() > MAX_KEY || ref.version().length() > MAX_VERSION) {
            skipped[0]++;
            return null;
        }
        Entry e = byVersion.computeIfAbsent(ref.key() + "@" + ref.version(), k -> new Entry(ref));
        entries.put(purl, e);
        return e;
    }

    /** Collects one version's advisories; the same advisory found in two copies of the jar is merged. */
    private static final class Entry {
        final PackageRef ref;
        boolean unmatched;
        final Map<String, Advisory> advisories = new TreeMap<>();

        Entry(PackageRef ref) {
            this.ref = ref;
        }

        void add(String id, Finding f) {
            Advisory a = advisories.computeIfAbsent(id, k -> new Advisory());
            a.aliases.addAll(list(f.properties().get("aliases")));
            a.fixed.addAll(list(f.properties().get("fixedIn")));
            a.sources.addAll(list(f.properties().get("matcher")));
            a.severity = a.severity == null || f.severity().compareTo(a.severity) > 0 ? f.severity() : a.severity;
            Double cvss = score(f.properties().get("cvssScore"));
            a.cvss = a.cvss == null || cvss != null && cvss > a.cvss ? cvss : a.cvss;
            a.aliases.remove(id);
            fit(a.aliases);
            fit(a.fixed);
            fit(a.sources);
        }
    }

    private static final class Advisory {
        final TreeSet<String> aliases = new TreeSet<>();
        // version order ("42.3.9" before "42.10.0"), ties broken by text so that equal-ranking spellings both stay
        final TreeSet<String> fixed = new TreeSet<>(Versions.MAVEN.thenComparing(java.util.Comparator.naturalOrder()));
        final TreeSet<String> sources = new TreeSet<>();
        Severity severity;
        Double cvss;
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Drops the largest entries until the joined list fits its column. */
    private static void fit(TreeSet<String> values) {
        while (!values.isEmpty() && String.join(",", values).length() > MAX_LIST) {
            values.pollLast();
        }
    }

    private static Double score(String text) {
        if (text == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(text);
            return d >= 0 && d <= 10 ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
