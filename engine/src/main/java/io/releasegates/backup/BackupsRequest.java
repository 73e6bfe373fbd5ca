package io.releasegates.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What to verify; pass it to {@link BackupVerifier#verify(BackupsRequest)}, the backups gate's one entry point (the
 * CLI's {@code backups verify}, the plugin's {@code verifyBackups} and {@code check}'s backups step all build one).
 *
 * @param config      {@code backups.yml} (docs/backups.md), read strictly when verifying
 * @param asOf        the moment freshness is judged against; null: the moment verification starts
 * @param stateFile   where the restore-drill rotation is remembered; null: the config's {@code drill.state-file}
 * @param environment where restic passwords named by {@code password-env} are read; null: this process' environment
 *                    (the plugin passes the build's, so that {@code withCredentials} can supply them)
 */
public record BackupsRequest(Path config, Instant asOf, Path stateFile, Map<String, String> environment) {
    public BackupsRequest {
        Objects.requireNonNull(config, "config");
        environment = Map.copyOf(environment == null ? System.getenv() : environment);
    }

    /** Verify {@code config} now, with the config's drill state and this process' environment. */
    public static BackupsRequest of(Path config) {
        return new BackupsRequest(config, null, null, null);
    }

    /** As the record's, without the environment's values: it holds passwords, and a request may reach a log. */
    @Override
    public String toString() {
        return "BackupsRequest[config=" + config + ", asOf=" + asOf + ", stateFile=" + stateFile + ", environment="
                + environment.size() + " variable(s)]";
    }
}
