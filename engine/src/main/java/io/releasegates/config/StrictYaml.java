package io.releasegates.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one strict reader of our YAML config files (policy, probe, check, backups, cadence, waivers): it reads the
 * file (regular files only), parses it, and builds every error in one format,
 * {@code FILE:LINE: KEY: problem}, where KEY is the dotted path with list indices ({@code waivers[0].owner}) and
 * LINE the line of that key in the file (or of the nearest enclosing one when the key is missing). Each reader
 * keeps its own schema; this class only knows where things are, so every config kind reports them the same way.
 */
public final class StrictYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String source;
    private final byte[] yaml;
    private final JsonNode root;
    private Map<String, Integer> lines;

    private StrictYaml(String source, byte[] yaml, JsonNode root) {
        this.source = source;
        this.yaml = yaml;
        this.root = root;
    }

    /**
     * Reads and parses {@code file}; {@code kind} names the config in the errors that have no key
     * ({@code "policy file"} gives {@code FILE: policy file not found}).
     */
    public static StrictYaml read(Path file, String kind) {
        byte[] bytes;
        try {
            bytes = RegularFiles.readNamed(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": " + kind + " not found");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read " + kind + " (" + e.getMessage() + ")", e);
        }
        return parse(file.toString(), bytes, kind);
    }

    /** Parses YAML already in memory; {@code source} is what errors name as the file. */
    public static StrictYaml parse(String source, byte[] yaml, String kind) {
        try {
            return new StrictYaml(source, yaml.clone(), YAML.readTree(yaml));
        } catch (JacksonException e) {
            var at = e.getLocation();
            String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().strip().split("\\R", 2)[0];
            throw new BadInputException(source + (at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr())
                    + ": not valid YAML (" + (what.length() > 160 ? what.substring(0, 160) + "…" : what) + ")", e);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read " + kind + " (" + e.getMessage() + ")", e);
        }
    }

    /** The parsed document; null or a missing node for an empty file. */
    public JsonNode root() {
        return root;
    }

    /** What errors name as the file. */
    public String source() {
        return source;
    }

    /**
     * The one error format: {@code FILE:LINE: KEY: problem}; without a key (the whole document) {@code FILE: problem}.
     */
    public BadInputException error(String key, String problem) {
        if (key == null || key.isEmpty()) {
            return new BadInputException(source + ": " + problem);
        }
        Integer line = lineOf(key);
        return new BadInputException(source + (line == null ? "" : ":" + line) + ": " + key + ": " + problem);
    }

    /** Refuses any key of {@code node} not in {@code allowed}, naming the allowed ones. */
    public void keys(JsonNode node, String at, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw error(at.isEmpty() ? name : at + "." + name,
                        "unknown key '" + name + "' (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** The line of a key, else of the nearest enclosing key or list item; null when none is in the file. */
    Integer lineOf(String key) {
        if (lines == null) {
            lines = keyLines(yaml);
        }
        String path = normalise(key);
        while (!path.isEmpty()) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
            int cut = path.lastIndexOf('.');
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return null;
    }

    /** {@code a[0].b} and the pointer {@code /a/0/b} both become {@code a.0.b}. */
    private static String normalise(String key) {
        return key.replaceAll("\\[(\\d+)]", ".$1");
    }

    /** Line of every key and list item, by dotted path, read from the parser's token locations. */
    private static Map<String, Integer> keyLines(byte[] yaml) {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(yaml)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                boolean scalarItem = t.isScalarValue() && p.getParsingContext().inArray();
                if (t == JsonToken.FIELD_NAME || scalarItem) {
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    String path = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.')
                            .replace("~1", "/").replace("~0", "~");
                    int line = p.currentTokenLocation().getLineNr();
                    // a list item or mapping is where its first key is: every enclosing path gets the line too
                    for (int cut = path.length(); cut > 0; cut = path.lastIndexOf('.', cut - 1)) {
                        out.putIfAbsent(path.substring(0, cut), line);
                    }
                }
            }
        } catch (IOException e) {
            // already parsed once: a failure here only costs the line numbers
        }
        return out;
    }
}
