package io.releasegates.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One conditional GET of an archive into a temp file beside its target (so that the final move is a rename on one
 * file system). Apache HttpClient rather than the JDK's: its socket timeout bounds every read of the body, where the
 * JDK client's request timeout ends with the headers and a server stalling mid-body would hang the update.
 */
final class ArchiveDownload {
    private static final int BUFFER = 64 * 1024;

    /** What the server answered. */
    sealed interface Outcome permits Fetched, NotModified, Failed {
    }

    /** 200: the body is in {@code file} (a temp file the caller moves or deletes). */
    record Fetched(Path file, String etag, String lastModified, long bytes) implements Outcome {
    }

    /** 304: the data we hold is current. */
    record NotModified(String etag, String lastModified) implements Outcome {
    }

    /** Anything else, in one line; no temp file is left. */
    record Failed(String reason) implements Outcome {
    }

    private ArchiveDownload() {
    }

    /**
     * GETs {@code uri} into a new temp file in {@code dir}, sending {@code etag} and {@code lastModified} (either may be
     * null) as If-None-Match and If-Modified-Since.
     */
    static Outcome get(URI uri, String etag, String lastModified, Path dir, Limits limits) {
        ConnectionConfig connection = ConnectionConfig.custom().setConnectTimeout(Timeout.of(limits.connectTimeout()))
                .setSocketTimeout(Timeout.of(limits.idleTimeout())).build();
        RequestConfig request = RequestConfig.custom().setResponseTimeout(Timeout.of(limits.idleTimeout()))
                .setConnectionRequestTimeout(Timeout.of(limits.connectTimeout())).build();
        HttpGet get = new HttpGet(uri);
        get.setHeader("User-Agent", "release-gates");
        if (etag != null) {
            get.setHeader("If-None-Match", etag);
        }
        if (lastModified != null) {
            get.setHeader("If-Modified-Since", lastModified);
        }
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        // no transparent gunzip: the bytes counted and checked are the archive's own; no retries: the next run is one
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setDefaultConnectionConfig(connection).build())
                .setDefaultRequestConfig(request).disableContentCompression().disableAutomaticRetries()
                .disableCookieManagement().useSystemProperties().build()) {
            return client.execute(get, response -> answer(response, dir, limits, deadline));
        } catch (ConnectTimeoutException e) {
            return new Failed("no connection within " + seconds(limits.connectTimeout()));
        } catch (SocketTimeoutException e) {
            return new Failed("the server stopped sending (nothing for " + seconds(limits.idleTimeout()) + ")");
        } catch (ConnectException e) {
            return new Failed("cannot connect (" + oneLine(e) + ")");
        } catch (UnknownHostException e) {
            return new Failed("unknown host " + e.getMessage());
        } catch (InterruptedIOException e) {
            return new Failed("interrupted or timed out (" + oneLine(e) + ")");
        } catch (IOException e) {
            return new Failed("download failed (" + oneLine(e) + ")");
        }
    }

    private static Outcome answer(ClassicHttpResponse response, Path dir, Limits limits, long deadline) throws IOException {
        int status = response.getCode();
        String etag = header(response, "ETag");
        String lastModified = header(response, "Last-Modified");
        if (status == 304) {
            return new NotModified(etag, lastModified);
        }
        if (status != 200) {
            return new Failed("HTTP " + status + (response.getReasonPhrase() == null || response.getReasonPhrase().isBlank()
                    ? "" : " " + response.getReasonPhrase()));
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new Failed("HTTP 200 without a body");
        }
        long declared = entity.getContentLength();
        if (declared > limits.maxBytes()) {
            return new Failed("the archive is " + declared + " bytes, more than the limit of " + limits.maxBytes());
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "all.zip.", ".part");
        boolean kept = false;
        try {
            long bytes = copy(entity, tmp, limits, deadline);
            if (declared >= 0 && bytes != declared) {
                return new Failed("the download ended after " + bytes + " of " + declared + " bytes");
            }
            kept = true;
            return new Fetched(tmp, etag, lastModified, bytes);
        } catch (LimitExceeded e) {
            return new Failed(e.getMessage());
        } finally {
            if (!kept) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Copies the body to {@code tmp}, forced to disk, within the size and time limits. */
    private static long copy(HttpEntity entity, Path tmp, Limits limits, long deadline) throws IOException {
        long total = 0;
        try (InputStream in = entity.getContent();
             FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(channel);
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > limits.maxBytes()) {
                    throw new LimitExceeded("the archive is larger than the limit of " + limits.maxBytes() + " bytes");
                }
                if (System.nanoTime() > deadline) {
                    throw new LimitExceeded("the download took longer than " + seconds(limits.totalTimeout()));
                }
                out.write(buffer, 0, n);
            }
            // the rename that follows must not publish a file whose bytes are still only in the page cache
            channel.force(true);
        }
        return total;
    }

    private static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message);
        }
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        return h == null || h.getValue().isBlank() ? null : h.getValue().strip();
    }

    static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
