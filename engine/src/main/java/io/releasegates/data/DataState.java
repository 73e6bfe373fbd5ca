package io.releasegates.data;

import com.fasterxml.jackson.core.type.TypeReference;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * state.json: each source's {@link SourceState}, by source name ({@code osv/Maven}, {@code nvd}). Written to a temp
 * file in the same folder and moved over the old one atomically, so a reader (or a killed update) never sees half.
 *
 * @param sources by source name
 */
public record DataState(Map<String, SourceState> sources) {
    private static final long MAX_BYTES = 4L << 20;

    public DataState {
        sources = java.util.Collections.unmodifiableMap(new TreeMap<>(sources));
    }

    /** The state in {@code file}; empty when there is none yet. A file that is not ours is bad input naming it. */
    public static DataState read(Path file) {
        if (!Files.exists(file)) {
            return new DataState(Map.of());
        }
        try {
            byte[] bytes = RegularFiles.readAllBytes(file);
            if (bytes.length > MAX_BYTES) {
                throw new BadInputException(file + ": larger than 4 MiB, not a data state file");
            }
            Map<String, SourceState> read = Json.mapper().readValue(bytes, new TypeReference<Map<String, SourceState>>() { });
            return new DataState(read == null ? Map.of() : read);
        } catch (IOException e) {
            throw new BadInputException(file + ": not a data state file (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    public SourceState get(String source) {
        return sources.getOrDefault(source, SourceState.empty());
    }

    DataState with(String source, SourceState state) {
        Map<String, SourceState> copy = new TreeMap<>(sources);
        copy.put(source, state);
        return new DataState(copy);
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "state.json.", ".part");
        try {
            Files.write(tmp, Json.mapper().writeValueAsBytes(sources));
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** ATOMIC_MOVE, which replaces the target on POSIX file systems; a file system without it is an error, not a copy. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(to.getParent() + ": the file system cannot replace files atomically", e);
        }
    }
}
