package io.releasegates.signing;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a credential (an NVD API key, a repository manager's password or token) from an environment variable or a
 * file, never from a command-line value: {@code ps} shows every process's arguments to every local user. Errors name
 * the option and the variable or file, never the value.
 */
public final class SecretInput {
    /** A key or token longer than this is not a key: a wrong file was given. */
    private static final long MAX_BYTES = 16 * 1024;

    private SecretInput() {
    }

    /**
     * The secret from {@code variable} (in {@code env}) or {@code file}, whichever is given; null when neither is.
     *
     * @param option how the user named the source, for messages ({@code --nvd-api-key}, {@code steps.scan.nvd-api-key})
     */
    public static String read(Map<String, String> env, String variable, Path file, String option) {
        if (variable != null && file != null) {
            throw new BadInputException(option + ": give the environment variable or the file, not both");
        }
        if (variable != null) {
            return fromEnvironment(env, variable, option + "-env");
        }
        return file == null ? null : fromFile(file, option + "-file");
    }

    /** The value of {@code variable}; a missing, empty or multi-line value is bad input. */
    public static String fromEnvironment(Map<String, String> env, String variable, String option) {
        if (variable.isBlank() || !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new BadInputException(option + " '" + variable + "': not an environment variable name"
                    + " (give the variable's name, never the secret itself)");
        }
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new BadInputException(option + ": environment variable " + variable + " is not set");
        }
        return checked(value.strip(), option + " (" + variable + ")");
    }

    /**
     * The first line of {@code file}, trimmed. Only a regular file is read (a FIFO would block the run), and a file
     * larger than 16 KiB is refused as the wrong file.
     */
    public static String fromFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(option + " " + file + ": no such regular file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(option + " " + file + ": larger than 16 KiB, not a key file");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new BadInputException(option + " " + file + ": the file is empty");
            }
            return checked(text, option + " " + file);
        } catch (IOException e) {
            throw new BadInputException(option + " " + file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String checked(String value, String where) {
        if (value.contains("\n") || value.contains("\r")) {
            throw new BadInputException(where + ": holds several lines; put only the secret in it");
        }
        return value;
    }
}
