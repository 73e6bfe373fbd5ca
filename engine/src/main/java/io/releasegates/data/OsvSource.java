package io.releasegates.data;

import io.releasegates.report.BadInputException;
import io.releasegates.scan.OsvArchives;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * One OSV ecosystem's {@code all.zip}, brought up to date from osv.dev's bucket (or a mirror laid out the same way):
 * a conditional GET, the archive checked ({@link ArchiveCheck}), then moved over the old one atomically. Whatever
 * fails, the archive in use is never touched and no temp file stays behind.
 */
final class OsvSource {
    /** osv.dev's public per-ecosystem archives: {@code <base>/<ECOSYSTEM>/all.zip}. */
    static final String DEFAULT_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com";

    private OsvSource() {
    }

    /** The archive's URL: the ecosystem is one path segment (a ':' may stay as is in a segment; a space may not). */
    static URI archiveUri(String baseUrl, String ecosystem) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            return new URI(base + "/" + ecosystem.replace(" ", "%20") + "/all.zip");
        } catch (URISyntaxException e) {
            throw settingError("{0} '" + baseUrl + "': not a URL (" + e.getReason() + ")", e);
        }
    }

    /** The base URL, checked: http or https, a host, no credentials (they would end up in messages and state). */
    static String baseUrl(String text) {
        String t = text == null ? "" : text.strip();
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw settingError("{0} '" + t + "': not a URL (" + e.getReason() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw settingError("{0} '" + t + "': not an http or https URL with a host", null);
        }
        if (uri.getRawUserInfo() != null) {
            throw settingError("{0}: credentials in the URL are not supported", null);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw settingError("{0} '" + t + "': a query or fragment is not allowed", null);
        }
        return t;
    }

    /** Bad input about the base URL setting, named by its key. */
    private static BadInputException settingError(String template, Throwable cause) {
        BadInputException e = BadInputException.ofSettings(template, DataUpdate.OSV_BASE_URL);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** Updates one ecosystem; the returned result carries the new state (a failure keeps the old data's). */
    static SourceResult update(DataDir dir, String ecosystem, String baseUrl, SourceState before, Limits limits, Instant now) {
        String source = DataDir.osvSource(ecosystem);
        Path target = dir.osvArchive(ecosystem);
        URI uri = archiveUri(baseUrl, ecosystem);
        try {
            Files.createDirectories(target.getParent());
            removeLeftovers(target.getParent());
        } catch (IOException e) {
            return SourceResult.failed(source, before.failed(now, target.getParent() + ": cannot prepare the folder ("
                    + e.getMessage() + ")"));
        }
        // validators are sent only for an archive we still have: a 304 must never leave us with nothing
        boolean have = Files.isRegularFile(target);
        ArchiveDownload.Outcome outcome = ArchiveDownload.get(uri, have ? before.etag() : null,
                have ? before.lastModified() : null, target.getParent(), limits);
        // what the failure leaves: the archive we had, or (first download) none
        String kept = have ? "; old data kept" : "; no data yet";
        if (outcome instanceof ArchiveDownload.Failed f) {
            return SourceResult.failed(source, before.failed(now, uri + ": " + f.reason() + kept));
        }
        if (outcome instanceof ArchiveDownload.NotModified nm) {
            if (!have) {
                return SourceResult.failed(source, before.failed(now, uri + ": HTTP 304 to a request without validators"));
            }
            SourceState state = new SourceState(nm.etag() != null ? nm.etag() : before.etag(),
                    nm.lastModified() != null ? nm.lastModified() : before.lastModified(), now, now, null,
                    before.records(), before.newest(), before.bytes());
            return new SourceResult(source, SourceResult.Kind.UNCHANGED, state);
        }
        ArchiveDownload.Fetched fetched = (ArchiveDownload.Fetched) outcome;
        try {
            OsvArchives.Contents contents;
            try {
                contents = ArchiveCheck.check(fetched.file(), uri.toString(), limits);
            } catch (BadInputException e) {
                return SourceResult.failed(source, before.failed(now, e.getMessage() + kept));
            }
            try {
                DataState.move(fetched.file(), target);
            } catch (IOException e) {
                return SourceResult.failed(source, before.failed(now, target + ": cannot replace (" + e.getMessage()
                        + ")" + kept));
            }
            SourceState state = new SourceState(fetched.etag(), fetched.lastModified(), now, now, null,
                    (long) contents.records(), contents.newest(), fetched.bytes());
            return new SourceResult(source, SourceResult.Kind.UPDATED, state);
        } finally {
            try {
                Files.deleteIfExists(fetched.file());
            } catch (IOException e) {
                // removed by the next update's removeLeftovers
            }
        }
    }

    /** Temp files of an update that was killed (ours only: {@code all.zip.*.part}). */
    private static void removeLeftovers(Path folder) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(folder, "all.zip.*.part")) {
            for (Path p : parts) {
                Files.deleteIfExists(p);
            }
        }
    }
}
