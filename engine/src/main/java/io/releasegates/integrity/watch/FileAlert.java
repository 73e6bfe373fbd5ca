package io.releasegates.integrity.watch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of {@code integrity watch} output: a path that differs from the signed baseline ({@code state} open), or
 * an earlier alert's path that matches the baseline again, reverted or approved ({@code state} resolved).
 *
 * @param time           when the watcher saw it
 * @param host           the monitored machine (--host, default the host name)
 * @param root           the watched directory
 * @param path           relative to {@code root}
 * @param change         what changed
 * @param state          {@code open} or {@code resolved}
 * @param severity       from the baseline's severity rules for the path
 * @param ruleId         the {@code integrity check} rule of the same drift ({@code RG-INT-MODIFIED}, …)
 * @param baselineSha256 the file's SHA-256 in the baseline; null when the baseline has no file there
 * @param sha256         the file's SHA-256 now; null when no regular file is there now
 * @param message        one line for people
 */
@JsonPropertyOrder({"time", "host", "root", "path", "change", "state", "severity", "ruleId", "baselineSha256",
        "sha256", "message"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FileAlert(Instant time, String host, String root, String path, FileChange change, String state,
                        String severity, String ruleId, String baselineSha256, String sha256, String message) {
    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";

    public FileAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(state, "state");
    }

    public boolean open() {
        return OPEN.equals(state);
    }
}
