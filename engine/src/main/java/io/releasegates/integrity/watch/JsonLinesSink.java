package io.releasegates.integrity.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One alert per line, flushed at once: stdout ({@code --alerts -}) or a file that is appended to. */
public final class JsonLinesSink implements AlertSink {
    private static final ObjectWriter LINE = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    private final OutputStream out;
    private final boolean closeStream;
    private final String name;

    public JsonLinesSink(OutputStream out, boolean closeStream, String name) {
        this.out = out;
        this.closeStream = closeStream;
        this.name = name;
    }

    /** Appends to {@code file}, creating it (and its directory); a file that cannot be opened is bad input. */
    public static JsonLinesSink appendingTo(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new JsonLinesSink(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE), true, file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot open the alerts file for appending (" + e.getMessage() + ")", e);
        }
    }

    /** The line an alert is written as (no newline). */
    public static String line(FileAlert alert) {
        try {
            return LINE.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert not serialisable: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void send(FileAlert alert) {
        try {
            out.write((line(alert) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot write alert", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.flush();
            if (closeStream) {
                out.close();
            }
        } catch (IOException e) {
            // the process is ending; a write error was already reported by send
        }
    }
}
