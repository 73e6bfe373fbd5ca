package io.releasegates.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks one repository manager which Maven artifact has a given SHA-1 (JDK HttpClient, answers read with Jackson).
 * Every request is bounded (connect and read timeouts, a 4 MiB answer); a server that cannot be reached, refuses
 * the credentials or does not answer in time is not asked again during this run, so a dead endpoint costs one
 * timeout, not one per jar. Thread-safe: {@link SearchIdentification} calls it from several threads.
 */
final class ChecksumSearchClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    private static final long MAX_RETRY_WAIT_MS = 2000;
    /** After this many failed answers in a row the server is not asked again: it is not the API it was said to be. */
    static final int MAX_FAILURES_IN_A_ROW = 5;

    /** What the server said about one SHA-1. */
    sealed interface Answer permits Found, Failed {
    }

    /** @param coordinates the artifacts with this SHA-1, empty when the server does not know it */
    record Found(List<MavenCoordinates> coordinates, boolean cached) implements Answer {
    }

    /** @param fatal the server is not asked again in this run */
    record Failed(String reason, boolean fatal) implements Answer {
    }

    private final RepositorySearch search;
    private final HttpClient http;
    private final SearchCache cache;
    private final AtomicReference<Failed> broken = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger failuresInARow = new java.util.concurrent.atomic.AtomicInteger();

    ChecksumSearchClient(RepositorySearch search, Clock clock) {
        this.search = search;
        // credentials are never forwarded to wherever a redirect points
        this.http = HttpClient.newBuilder().connectTimeout(search.connectTimeout())
                .followRedirects(search.credential() == null ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                .build();
        this.cache = new SearchCache(search.cacheDir(), search, clock);
    }

    Answer lookUp(String sha1) {
        String key = sha1.toLowerCase(Locale.ROOT);
        if (!key.matches("[0-9a-f]{40}")) {
            return new Failed("not a SHA-1: " + sha1, false);
        }
        Optional<List<MavenCoordinates>> cached = cache.get(key);
        if (cached.isPresent()) {
            return new Found(cached.get(), true);
        }
        Failed dead = broken.get();
        if (dead != null) {
            return dead;
        }
        Answer answer;
        try {
            answer = ask(key);
        } catch (RuntimeException e) {
            // whatever a server sends, the inventory goes on: this jar stays unidentified
            answer = new Failed("unexpected answer (" + e.getClass().getSimpleName() + ")", false);
        }
        if (answer instanceof Found found) {
            failuresInARow.set(0);
            cache.put(key, found.coordinates());
        } else if (answer instanceof Failed failed) {
            if (failed.fatal()) {
                broken.compareAndSet(null, failed);
            } else if (failuresInARow.incrementAndGet() >= MAX_FAILURES_IN_A_ROW) {
                broken.compareAndSet(null, new Failed(failed.reason() + " (" + MAX_FAILURES_IN_A_ROW
                        + " failed answers in a row: not asked again)", true));
            }
        }
        return answer;
    }

    private Answer ask(String sha1) {
        Response r = get(searchUri(sha1));
        if (r.failure != null) {
            return r.failure;
        }
        JsonNode root;
        try {
            root = JSON.readTree(r.body);
        } catch (IOException e) {
            return new Failed("answer is not JSON", false);
        }
        if (root == null || !root.isObject()) {
            return new Failed("answer is not a JSON object", false);
        }
        try {
            return switch (search.kind()) {
                case CENTRAL -> new Found(SearchAnswers.central(root), false);
                case NEXUS -> new Found(SearchAnswers.nexus(root, sha1), false);
                case ARTIFACTORY -> new Found(SearchAnswers.artifactory(root, sha1), false);
            };
        } catch (IllegalArgumentException e) {
            return new Failed("answer not understood (" + e.getMessage() + ")", false);
        }
    }

    URI searchUri(String sha1) {
        String base = search.base().toString().replaceAll("/+$", "");
        return URI.create(switch (search.kind()) {
            case CENTRAL -> (base.endsWith("/solrsearch/select") ? base : base + "/solrsearch/select")
                    + "?q=" + URLEncoder.encode("1:\"" + sha1 + "\"", StandardCharsets.UTF_8) + "&rows=20&wt=json";
            case NEXUS -> (base.endsWith("/service/rest/v1/search") ? base : base + "/service/rest/v1/search")
                    + "?sha1=" + sha1;
            case ARTIFACTORY -> (base.endsWith("/api/search/checksum") ? base : base + "/api/search/checksum")
                    + "?sha1=" + sha1;
        });
    }

    private record Response(byte[] body, Failed failure) {
    }

    /** One GET, retried once on 429 and 502-504 (rate limits and restarts), everything bounded. */
    private Response get(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(search.readTimeout())
                .header("Accept", "application/json").header("User-Agent", "release-gates");
        if (search.kind() == RepositorySearch.Kind.ARTIFACTORY) {
            b.header("X-Result-Detail", "info");
        }
        String credential = search.credential();
        if (credential != null) {
            b.header("Authorization", credential.contains(":")
                    ? "Basic " + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8))
                    : "Bearer " + credential);
        }
        HttpRequest request = b.build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> r;
            try {
                r = send(request);
            } catch (HttpConnectTimeoutException e) {
                return failed("unreachable: no connection within " + seconds(search.connectTimeout()), true);
            } catch (ConnectException e) {
                return failed("unreachable (" + reason(e) + ")", true);
            } catch (HttpTimeoutException | TimeoutException e) {
                return failed("no answer within " + seconds(search.readTimeout()), true);
            } catch (IOException e) {
                return failed("connection failed (" + reason(e) + ")", true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted", true);
            }
            int status = r.statusCode();
            if (status == 200) {
                return new Response(r.body(), null);
            }
            boolean retryable = status == 429 || status == 502 || status == 503 || status == 504;
            if (retryable && attempt == 1) {
                long wait = r.headers().firstValue("Retry-After").flatMap(ChecksumSearchClient::seconds)
                        .map(s -> s * 1000).orElse(500L);
                try {
                    Thread.sleep(Math.min(wait, MAX_RETRY_WAIT_MS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return failed("interrupted", true);
                }
                continue;
            }
            if (status == 401 || status == 403) {
                return failed("HTTP " + status + ": " + (credential == null
                        ? "the server wants credentials (give them with checksum-search-credentials-env or "
                        + "checksum-search-credentials-file)"
                        : "the server refused the credentials"), true);
            }
            if (status == 404) {
                return failed("HTTP 404: no " + search.kind().label() + " checksum search at " + uri.getPath()
                        + " (check the base URL and the type)", true);
            }
            if (status >= 300 && status < 400) {
                return failed("HTTP " + status + ": redirected to " + r.headers().firstValue("Location").orElse("?")
                        + " (give that URL instead)", true);
            }
            return failed("HTTP " + status, false);
        }
    }

    private static Response failed(String reason, boolean fatal) {
        return new Response(null, new Failed(reason, fatal));
    }

    /** The request with the whole exchange, body included, bounded by connect + read timeout. */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, info -> new Bounded());
        try {
            return future.get(search.connectTimeout().plus(search.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause() == null ? "failed" : e.getCause().getClass().getSimpleName(), e.getCause());
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.length() > 120 ? m.substring(0, 120) : m;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static Optional<Long> seconds(String retryAfter) {
        try {
            return Optional.of(Math.max(0, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: the default wait will do
        }
    }

    /** Collects an answer up to {@link #MAX_ANSWER_BYTES}; a larger one fails instead of filling the heap. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : new ArrayList<>(items)) {
                if (bytes.size() + (long) b.remaining() > MAX_ANSWER_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("answer larger than 4 MiB"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
