package io.releasegates.notify;

import io.releasegates.report.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook endpoint: where to POST, the secret the body is signed with (HMAC-SHA256, never printed), and the retry
 * schedule. The secret comes from an environment variable or a file ({@link io.releasegates.signing.SecretInput}),
 * never from a command-line value.
 *
 * @param attempts     tries per notification within one delivery run (at least 1)
 * @param firstBackoff wait after the first failure; doubled after each further one
 */
public record Webhook(URI url, String secret, int attempts, Duration firstBackoff) {
    public static final String SIGNATURE_HEADER = "X-Release-Gates-Signature";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String EVENT_HEADER = "X-Release-Gates-Event";
    /**
     * The settings' keys (the CLI's flags are {@code --} and the key): what errors name
     * ({@link BadInputException#ofSettings}).
     */
    public static final String URL_SETTING = "webhook";
    public static final String SECRET_ENV_SETTING = "webhook-secret-env";
    public static final String SECRET_FILE_SETTING = "webhook-secret-file";

    public Webhook {
        if (attempts < 1) {
            throw new BadInputException("webhook: at least one attempt");
        }
    }

    /** Parses and checks the URL: http or https with a host, nothing else (file:, jar: are refused). */
    public static Webhook of(String url, String secret, int attempts, Duration firstBackoff) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw BadInputException.ofSettings("{0} " + masked(url) + ": not a URL (" + e.getReason() + ")", URL_SETTING);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw BadInputException.ofSettings("{0} " + masked(url) + ": expected an http:// or https:// URL with a host",
                    URL_SETTING);
        }
        if (secret == null || secret.length() < 16) {
            throw BadInputException.ofSettings("{0} " + masked(url) + ": a signing secret of at least 16 characters is "
                    + "required ({1} VAR or {2} FILE)", URL_SETTING, SECRET_ENV_SETTING, SECRET_FILE_SETTING);
        }
        return new Webhook(uri, secret, attempts, firstBackoff);
    }

    /** The URL without user info or query, which may carry a token: for messages and the channel name. */
    public String shown() {
        return masked(url.toString());
    }

    static String masked(String url) {
        return url.replaceAll("//[^/@]*@", "//***@").replaceAll("\\?.*$", "?***");
    }

    /** {@code sha256=<hex HMAC-SHA256 of the body under the secret>}, as GitHub's webhooks sign. */
    public String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // never the secret
        return "Webhook[" + shown() + "]";
    }
}
