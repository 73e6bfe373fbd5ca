package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import io.releasegates.signing.Signatures;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Streams baselines to and from JSON without building a document tree: a baseline of a large tree holds tens of
 * thousands of entries, and a check should cost little more than hashing. The canonical form written here is
 * byte-for-byte what {@link Signatures#canonicalBytes} makes of the same document (a test holds both to that), so a
 * baseline verifies with the generic {@link Signatures#verify(JsonNode, SigningKey)} too.
 *
 * <p>The file layout is for people: the header members one per line, then one entry per line.
 */
final class BaselineJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private BaselineJson() {
    }

    /** A baseline as read, with its signature member (null when unsigned). */
    record Parsed(Baseline baseline, JsonNode signature) {
    }

    /** The canonical form: compact, members in name order, null entry members left out as the mapper does. */
    static byte[] canonical(Baseline b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.entries().size() * 200 + 256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            writeNullable(g, "createdAt", b.createdAt() == null ? null : b.createdAt().toString());
            g.writeArrayFieldStart("entries");
            for (TreeEntry e : b.entries()) {
                writeEntry(g, e);
            }
            g.writeEndArray();
            writeStrings(g, "excludes", b.excludes());
            writeNullable(g, "format", b.format());
            writeStrings(g, "includes", b.includes());
            writeNullable(g, "root", b.root());
            writeSeverities(g, b.severities());
            writeNullable(g, "toolVersion", b.toolVersion());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise baseline", e);
        }
        return out.toByteArray();
    }

    /** Writes the file layout; {@code signature} may be null for an unsigned baseline. */
    static void write(Baseline b, JsonNode signature, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCodec(Json.mapper());
            g.setPrettyPrinter(new Layout());
            g.writeStartObject();
            writeNullable(g, "format", b.format());
            writeNullable(g, "createdAt", b.createdAt() == null ? null : b.createdAt().toString());
            writeNullable(g, "toolVersion", b.toolVersion());
            writeNullable(g, "root", b.root());
            writeStrings(g, "includes", b.includes());
            writeStrings(g, "excludes", b.excludes());
            writeSeverities(g, b.severities());
            g.writeArrayFieldStart("entries");
            for (TreeEntry e : b.entries()) {
                writeEntry(g, e);
            }
            g.writeEndArray();
            if (signature != null) {
                g.writeFieldName(Signatures.FIELD);
                g.writeTree(signature);
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** Left out when empty: baselines written before severities existed keep their canonical form and signature. */
    private static void writeSeverities(JsonGenerator g, List<SeverityRule> rules) throws IOException {
        if (rules.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("severities");
        for (SeverityRule r : rules) {
            g.writeStartObject();
            g.writeStringField("glob", r.glob());
            g.writeStringField("severity", r.severity().label());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static List<SeverityRule> severities(JsonParser p, JsonToken t) throws IOException {
        expect(t == JsonToken.START_ARRAY, "severities is not an array");
        List<SeverityRule> rules = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String glob = null;
            String severity = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "glob" -> glob = text(p, v, name);
                    case "severity" -> severity = text(p, v, name);
                    default -> throw new IllegalArgumentException("unknown severities member '" + name + "'");
                }
            }
            expect(glob != null && severity != null, "a severities rule lacks its glob or severity");
            rules.add(new SeverityRule(glob, io.releasegates.report.Severity.parse(severity)));
        }
        expect(p.currentToken() == JsonToken.END_ARRAY, "severities holds something other than objects");
        // an empty array is not what the writer makes: it would be signed differently from an absent one
        expect(!rules.isEmpty(), "severities is empty");
        return rules;
    }

    private static void writeEntry(JsonGenerator g, TreeEntry e) throws IOException {
        g.writeStartObject();
        writeIfSet(g, "group", e.group());
        writeIfSet(g, "mode", e.mode());
        writeIfSet(g, "owner", e.owner());
        g.writeStringField("path", e.path());
        writeIfSet(g, "problem", e.problem());
        writeIfSet(g, "sha256", e.sha256());
        g.writeNumberField("size", e.size());
        writeIfSet(g, "target", e.target());
        g.writeStringField("type", e.type().label());
        g.writeEndObject();
    }

    private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /**
     * Reads a baseline. Unknown members are refused rather than skipped: whatever is in the file is either
     * covered by the signature or an error, never silently ignored.
     *
     * @throws IllegalArgumentException with a short reason when the JSON is not a baseline
     */
    static Parsed read(byte[] bytes) throws IOException {
        BaselineLines.Split split = BaselineLines.read(bytes);
        if (split == null) {
            return readDocument(bytes);
        }
        Parsed rest = readDocument(split.skeleton());
        Baseline b = rest.baseline();
        return new Parsed(new Baseline(b.format(), b.createdAt(), b.toolVersion(), b.root(), b.includes(), b.excludes(),
                split.entries(), b.severities()), rest.signature());
    }

    /** The general path: any JSON layout, and the precise reason when the document is not a baseline. */
    static Parsed readDocument(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            p.setCodec(Json.mapper());
            expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            String format = null;
            String toolVersion = null;
            String root = null;
            Instant createdAt = null;
            List<String> includes = List.of();
            List<String> excludes = List.of();
            List<TreeEntry> entries = List.of();
            List<SeverityRule> severities = List.of();
            JsonNode signature = null;
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                // a member twice: one copy could steer the check (globs read ahead from the header) while the other
                // is signed
                expect(seen.add(name), "member '" + name + "' appears more than once");
                JsonToken t = p.nextToken();
                switch (name) {
                    case "format" -> format = text(p, t, name);
                    case "toolVersion" -> toolVersion = text(p, t, name);
                    case "root" -> root = text(p, t, name);
                    case "createdAt" -> createdAt = instant(text(p, t, name));
                    case "includes" -> includes = strings(p, t, name);
                    case "excludes" -> excludes = strings(p, t, name);
                    case "entries" -> entries = entries(p, t);
                    case "severities" -> severities = severities(p, t);
                    case Signatures.FIELD -> signature = p.readValueAsTree();
                    default -> throw new IllegalArgumentException("unknown member '" + name + "'");
                }
            }
            expect(p.currentToken() == JsonToken.END_OBJECT, "truncated document");
            expect(p.nextToken() == null, "content after the baseline object");
            return new Parsed(new Baseline(format, createdAt, toolVersion, root, includes, excludes, entries, severities),
                    signature);
        }
    }

    /**
     * The include and exclude globs from the header alone, without reading the entries; empty when the header does
     * not hold both before the entries (a hand-edited file) or cannot be read — then only {@link #read} can tell.
     */
    static Optional<List<List<String>>> globsAhead(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            List<String> includes = null;
            List<String> excludes = null;
            while (p.nextToken() == JsonToken.FIELD_NAME && (includes == null || excludes == null)) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "includes" -> includes = strings(p, t, name);
                    case "excludes" -> excludes = strings(p, t, name);
                    case "entries" -> {
                        return Optional.empty();
                    }
                    default -> p.skipChildren();
                }
            }
            return includes == null || excludes == null ? Optional.empty() : Optional.of(List.of(includes, excludes));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<TreeEntry> entries(JsonParser p, JsonToken t) throws IOException {
        expect(t == JsonToken.START_ARRAY, "entries is not an array");
        List<TreeEntry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String path = null;
            EntryType type = null;
            long size = 0;
            String mode = null;
            String owner = null;
            String group = null;
            String sha256 = null;
            String target = null;
            String problem = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "path" -> path = text(p, v, name);
                    case "type" -> type = type(text(p, v, name));
                    case "size" -> {
                        expect(v == JsonToken.VALUE_NUMBER_INT, "entry size is not an integer");
                        size = p.getLongValue();
                    }
                    case "mode" -> mode = text(p, v, name);
                    case "owner" -> owner = text(p, v, name);
                    case "group" -> group = text(p, v, name);
                    case "sha256" -> sha256 = text(p, v, name);
                    case "target" -> target = text(p, v, name);
                    case "problem" -> problem = text(p, v, name);
                    default -> throw new IllegalArgumentException("unknown entry member '" + name + "'");
                }
            }
            expect(path != null && type != null, "an entry lacks its path or type");
            entries.add(new TreeEntry(path, type, size, mode, owner, group, sha256, target, problem));
        }
        expect(p.currentToken() == JsonToken.END_ARRAY, "entries holds something other than objects");
        return entries;
    }

    private static String text(JsonParser p, JsonToken t, String name) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.VALUE_STRING, name + " is not a string");
        return p.getText();
    }

    private static List<String> strings(JsonParser p, JsonToken t, String name) throws IOException {
        expect(t == JsonToken.START_ARRAY, name + " is not an array");
        List<String> values = new ArrayList<>();
        for (JsonToken v; (v = p.nextToken()) != JsonToken.END_ARRAY; ) {
            values.add(text(p, v, name));
        }
        return values;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt is not an ISO-8601 instant");
        }
    }

    private static EntryType type(String label) {
        try {
            return EntryType.fromLabel(label);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown entry type '" + label + "'");
        }
    }

    private static void expect(boolean condition, String reason) {
        if (!condition) {
            throw new IllegalArgumentException(reason);
        }
    }

    /** Header members on their own lines, one entry per line: readable and diffable, still one JSON object. */
    private static final class Layout extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        private static boolean topObject(JsonStreamContext ctx) {
            return ctx.inObject() && ctx.getParent() != null && ctx.getParent().inRoot();
        }

        private static boolean topArray(JsonStreamContext ctx) {
            return ctx.inArray() && ctx.getParent() != null && topObject(ctx.getParent());
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            if (topObject(g.getOutputContext())) {
                g.writeRaw("\n  ");
            }
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(topObject(g.getOutputContext()) ? ",\n  " : ",");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(topObject(g.getOutputContext()) ? ": " : ":");
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            g.writeRaw(topObject(g.getOutputContext()) ? "\n}" : "}");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (topArray(g.getOutputContext())) {
                g.writeRaw("\n    ");
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(topArray(g.getOutputContext()) ? ",\n    " : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(values > 0 && topArray(g.getOutputContext()) ? "\n  ]" : "]");
        }
    }
}
