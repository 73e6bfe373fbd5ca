package io.releasegates.data;

import java.time.Instant;

/**
 * What state.json keeps of one source between runs. Null fields are "unknown"/"none".
 *
 * @param etag         the ETag of the data we hold (sent back as If-None-Match)
 * @param lastModified the Last-Modified header of the data we hold, verbatim (sent back as If-Modified-Since)
 * @param lastSuccess  when the source was last confirmed current (downloaded, or a 304): the data's age counts from here
 * @param lastAttempt  when an update of it was last tried
 * @param error        the last attempt's error; null when it succeeded
 * @param records      records in the data we hold (OSV records, NVD CVEs)
 * @param newest       the newest record's modification time (OSV) or the NVD data's last-modified date
 * @param bytes        size of the archive we hold (OSV)
 */
public record SourceState(String etag, String lastModified, Instant lastSuccess, Instant lastAttempt, String error,
                          Long records, Instant newest, Long bytes) {

    static SourceState empty() {
        return new SourceState(null, null, null, null, null, null, null, null);
    }

    /** A failed attempt: everything about the data we hold stays as it was. */
    SourceState failed(Instant at, String message) {
        return new SourceState(etag, lastModified, lastSuccess, at, message, records, newest, bytes);
    }
}
