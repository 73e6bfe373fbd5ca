package io.releasegates.report;

import java.util.function.UnaryOperator;

/**
 * Input that cannot be read or understood (a corrupt archive, a config with a wrong key, a missing data feed).
 * The message is one line that names the file and the problem; the CLI turns it into exit code 2.
 *
 * <p>A message about settings ({@link #ofSettings}) names them by their keys ({@code nvd-api-url},
 * {@code max-data-age}: the names {@code check.yml} uses), not by one front door's spelling: the CLI prints them as
 * its flags ({@code --nvd-api-url}) through {@link #message(UnaryOperator)}.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The message with {@code {0}}, {@code {1}}… where settings are named; null when it names none. */
    private final String template;
    private final String[] settings;

    public BadInputException(String message) {
        super(message);
        this.template = null;
        this.settings = new String[0];
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
        this.template = null;
        this.settings = new String[0];
    }

    private BadInputException(String template, String[] settings) {
        super(render(template, settings, UnaryOperator.identity()));
        this.template = template;
        this.settings = settings.clone();
    }

    /**
     * Bad input described in terms of settings: {@code {0}}, {@code {1}}… in {@code template} stand for
     * {@code settings}' keys; {@link #getMessage()} names them by key.
     */
    public static BadInputException ofSettings(String template, String... settings) {
        return new BadInputException(template, settings);
    }

    /** The message with each setting named by {@code naming} (the CLI: {@code key -> "--" + key}). */
    public String message(UnaryOperator<String> naming) {
        return template == null ? getMessage() : render(template, settings, naming);
    }

    private static String render(String template, String[] settings, UnaryOperator<String> naming) {
        String out = template;
        for (int i = 0; i < settings.length; i++) {
            out = out.replace("{" + i + "}", naming.apply(settings[i]));
        }
        return out;
    }
}
