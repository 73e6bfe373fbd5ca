package io.releasegates.report;

/**
 * Input that cannot be read or understood (a corrupt archive, a config with a wrong key, a missing data feed).
 * The message is one line that names the file and the problem; the CLI turns it into exit code 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
