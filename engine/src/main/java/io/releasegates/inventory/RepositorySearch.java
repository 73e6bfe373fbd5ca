package io.releasegates.inventory;

import io.releasegates.report.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A repository manager whose checksum search identifies jars without Maven metadata by their SHA-1: Maven Central's
 * search API, Sonatype Nexus 3 or JFrog Artifactory. Answers are cached on disk ({@link #cacheDir()}): a SHA-1's
 * coordinates never change, so a hit is kept; a miss is asked again once older than {@link #negativeTtl()} (an
 * internal repository may receive the artifact later). Failed answers are never cached.
 *
 * @param kind           which API the server speaks
 * @param base           the server's base URL ({@code https://search.maven.org}, {@code https://nexus.example.org},
 *                       {@code https://example.jfrog.io/artifactory})
 * @param credential     {@code user:password} (HTTP Basic) or a token (HTTP Bearer); null for anonymous. Read from an
 *                       environment variable or a file (see {@link io.releasegates.signing.SecretInput}); never printed
 * @param cacheDir       where answers are kept between runs; null for no disk cache
 * @param connectTimeout bound on opening the connection
 * @param readTimeout    bound on the whole answer of one request
 * @param concurrency    at most this many requests in flight
 * @param negativeTtl    how long "not found" is believed
 */
public record RepositorySearch(Kind kind, URI base, String credential, Path cacheDir, Duration connectTimeout,
                               Duration readTimeout, int concurrency, Duration negativeTtl) {
    public static final String CENTRAL_URL = "https://search.maven.org";

    /** The three APIs; {@link #parse} accepts these names in any case. */
    public enum Kind {
        CENTRAL, NEXUS, ARTIFACTORY;

        public static Kind parse(String text, String option) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "central", "maven-central" -> CENTRAL;
                case "nexus", "nexus3" -> NEXUS;
                case "artifactory" -> ARTIFACTORY;
                default -> throw new BadInputException(option + " '" + text
                        + "': unknown repository type (expected central, nexus or artifactory)");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RepositorySearch {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(base, "base");
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(20) : readTimeout;
        concurrency = concurrency <= 0 ? 4 : Math.min(concurrency, 16);
        negativeTtl = negativeTtl == null ? Duration.ofHours(24) : negativeTtl;
        if (credential != null && credential.isBlank()) {
            credential = null;
        }
    }

    /**
     * The search at {@code url} ({@code central} for Maven Central's own) of type {@code type} (null: central for
     * {@code central} or search.maven.org, else required), anonymous, with the default cache and bounds.
     *
     * @param option how the user named the URL, for messages
     */
    public static RepositorySearch of(String url, String type, String option) {
        String text = url == null ? "" : url.trim();
        boolean central = text.equalsIgnoreCase("central");
        URI uri = central ? URI.create(CENTRAL_URL) : uri(text, option);
        Kind kind;
        if (type != null && !type.isBlank()) {
            kind = Kind.parse(type, option + "-type");
        } else if (central || "search.maven.org".equalsIgnoreCase(uri.getHost())) {
            kind = Kind.CENTRAL;
        } else {
            throw new BadInputException(option + " " + text + ": say which API it speaks with " + option
                    + "-type central|nexus|artifactory");
        }
        return new RepositorySearch(kind, uri, null, MavenRepositoryIndex.defaultCacheDir().resolve("checksum-search"),
                null, null, 0, null);
    }

    /**
     * The search the options describe, or null without {@code url}: {@code url} and {@code type} as {@link #of}, the
     * credential from the variable {@code credentialsEnv} (looked up in {@code env}) or the file
     * {@code credentialsFile}.
     *
     * @param option the URL option's name; the others are named {@code option-type}, {@code option-credentials-env}…
     */
    public static RepositorySearch configure(String url, String type, String credentialsEnv, Path credentialsFile,
                                             java.util.Map<String, String> env, String option) {
        if (url == null || url.isBlank()) {
            if (type != null || credentialsEnv != null || credentialsFile != null) {
                throw new BadInputException(option + "-type/-credentials need " + option + " URL|central");
            }
            return null;
        }
        return of(url, type, option).withCredential(io.releasegates.signing.SecretInput.read(env, credentialsEnv,
                credentialsFile, option + "-credentials"));
    }

    private static URI uri(String text, String option) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadInputException(option + " '" + text + "': not a URL (" + e.getReason() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new BadInputException(option + " '" + text + "': not an http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            // the URL ends up in messages and evidence; credentials come from a variable or a file
            throw new BadInputException(option + ": credentials in the URL are not supported (use " + option
                    + "-credentials-env or " + option + "-credentials-file)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new BadInputException(option + " '" + text + "': give the server's base URL, without ?query or #fragment");
        }
        return uri;
    }

    public RepositorySearch withCredential(String value) {
        return new RepositorySearch(kind, base, value, cacheDir, connectTimeout, readTimeout, concurrency, negativeTtl);
    }

    public RepositorySearch withCacheDir(Path value) {
        return new RepositorySearch(kind, base, credential, value, connectTimeout, readTimeout, concurrency, negativeTtl);
    }

    public RepositorySearch withTimeouts(Duration connect, Duration read) {
        return new RepositorySearch(kind, base, credential, cacheDir, connect, read, concurrency, negativeTtl);
    }

    public RepositorySearch withConcurrency(int value) {
        return new RepositorySearch(kind, base, credential, cacheDir, connectTimeout, readTimeout, value, negativeTtl);
    }

    public RepositorySearch withNegativeTtl(Duration value) {
        return new RepositorySearch(kind, base, credential, cacheDir, connectTimeout, readTimeout, concurrency, value);
    }

    /** {@code kind base}, for messages and evidence: never the credential. */
    public String describe() {
        return kind.label() + " " + base;
    }

    /** As the record's, with the credential masked: a request may end up in a log or an error message. */
    @Override
    public String toString() {
        return "RepositorySearch[kind=" + kind + ", base=" + base + ", credential=" + (credential == null ? null : "*****")
                + ", cacheDir=" + cacheDir + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", concurrency=" + concurrency + ", negativeTtl=" + negativeTtl + "]";
    }
}
